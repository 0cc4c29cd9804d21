package org.mlos.mem.store.log;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** One segment of the log: appended to until full, then sealed until reclaimed. */
final class LogSegment {

    final int id;
    final MemorySegment memory;
    /** Guarded by the store's append lock. */
    int writePosition;
    /** Guarded by the store's append lock: every item appended here, live or not. */
    final List<LogItem> items = new ArrayList<>();
    /** Value bytes of the items still live here. */
    final AtomicLong liveBytes = new AtomicLong();

    LogSegment(int id, MemorySegment memory) {
        this.id = id;
        this.memory = memory;
    }

    int size() {
        return (int) memory.byteSize();
    }

    boolean fits(int length) {
        return writePosition + length <= size();
    }

    void reset() {
        writePosition = 0;
        items.clear();
        liveBytes.set(0);
    }
}
