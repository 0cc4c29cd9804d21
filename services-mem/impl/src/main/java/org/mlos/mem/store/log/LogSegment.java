package org.mlos.mem.store.log;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One segment of the log: appended to until full, then sealed until reclaimed. Full means its
 * values fill its memory, or what its items keep on the heap reaches its limit (its size at
 * most): without the second bound a log of empty values never fills a segment and its index
 * grows without end.
 */
final class LogSegment {

    final Arena arena;
    final MemorySegment memory;
    /** Guarded by the store's append lock: where the next record goes (a multiple of 8). */
    int writePosition;
    /** Guarded by the store's append lock: every item appended here, live or not. */
    final List<LogItem> items = new ArrayList<>();
    /** Guarded by the store's append lock: what those items keep on the heap until the segment is reset. */
    long heapBytes;
    /** Guarded by the store's append lock: how much heap its items may keep, set when it becomes the head. */
    long heapLimit;
    /** Whole-item bytes ({@link LogItem#bytes()}) of the items still live here. */
    final AtomicLong liveBytes = new AtomicLong();

    LogSegment(Arena arena, MemorySegment memory) {
        this.arena = arena;
        this.memory = memory;
    }

    int size() {
        return (int) memory.byteSize();
    }

    /** Whether a record fits; an empty segment takes any record that fits its memory. */
    boolean fits(int recordBytes, long heap) {
        return writePosition + recordBytes <= size() && (items.isEmpty() || heapBytes + heap <= heapLimit);
    }

    /** Whole-item bytes appended here, live or not (records and what their items keep on the heap). */
    long appendedBytes() {
        return writePosition + heapBytes;
    }

    void reset() {
        writePosition = 0;
        items.clear();
        heapBytes = 0;
        liveBytes.set(0);
    }
}
