package org.mlos.mem.store.log;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Takes the live items out of a sealed segment, for {@link LogSpace} to reset it: compaction moves
 * each on to another segment, eviction frees each (telling the listener). Each item is claimed
 * ({@link LogItem#claim}) while it is checked and moved or freed, so a set, delete or touch of it
 * waits, and one that came first has counted it out of the segment already. Called under the
 * space's lock, on segments whose appends are all complete.
 */
final class LogMover {

    private final LogIndex index;
    private final LongAdder itemBytes;
    private final Consumer<String> evicted;
    private final AtomicLong compactions = new AtomicLong();

    LogMover(LogIndex index, LongAdder itemBytes, Consumer<String> evicted) {
        this.index = index;
        this.itemBytes = itemBytes;
        this.evicted = evicted;
    }

    /** Segments compacted so far. */
    long compactions() {
        return compactions.get();
    }

    /** Whether the live items of one segment fit into what is left of another. */
    boolean fitsLive(LogSegment from, LogSegment to, long heapRoom) {
        long values = 0;
        long heap = 0;
        for (int i = 0; i < from.count(); i++) {
            LogItem it = current(from, i);
            if (it != null) {
                values += it.recordBytes();
                heap += it.heapBytes();
            }
        }
        return to.writePosition() + values <= to.size() && to.heapBytes() + heap <= heapRoom;
    }

    /**
     * The item of a segment's {@code i}th record, claimed, if that record is still the item's; else
     * null (replaced, deleted or moved since: counted out already). The caller releases or frees it.
     */
    private static LogItem claimCurrent(LogSegment segment, int i) {
        LogItem it = segment.item(i);
        if (it == null || !it.claim()) {
            return null;
        }
        if (it.segment == segment && it.offset == segment.offset(i)) {
            return it;
        }
        it.release();
        return null;
    }

    /** Whether the segment's {@code i}th record is still its item's (for estimates: nothing claimed). */
    static LogItem current(LogSegment segment, int i) {
        LogItem it = segment.item(i);
        return it != null && it.segment == segment && it.offset == segment.offset(i) && !it.isFreed() ? it : null;
    }

    /**
     * Moves the still-live items of a sealed segment to the end of another not yet appended to by
     * writers, each in place under its claim (readers of an item being moved read again); every
     * record left behind is dead. What they count stays.
     */
    void compactInto(LogSegment from, LogSegment to) {
        to.heapLimit = Long.MAX_VALUE; // what fits was checked (fitsLive, or a quarter live into an empty spare); the next head gets its limit after
        for (int i = 0; i < from.count(); i++) {
            LogItem it = claimCurrent(from, i);
            if (it == null) {
                continue;
            }
            // a touch changes a record's expiry under the item's claim, so the copy has it
            int record = it.recordBytes();
            long heap = it.heapBytes();
            long reserved = to.reserve(record, heap);
            if (reserved < 0) { // not expected (checked to fit): evict rather than lose count of it
                evict(it);
                continue;
            }
            int offset = (int) reserved;
            MemorySegment.copy(from.memory, it.offset, to.memory, offset, record);
            to.list((int) (reserved >>> 32), it, offset);
            it.move(to, offset, it.length, it.flags);
            it.release();
            to.complete();
        }
        compactions.incrementAndGet();
    }

    void evictAll(LogSegment segment) {
        for (int i = 0; i < segment.count(); i++) {
            LogItem it = claimCurrent(segment, i);
            if (it != null) {
                evict(it);
            }
        }
    }

    /**
     * Frees a claimed item of a segment being reclaimed. Told as an eviction only if it was still
     * indexed: a delete that took it out of the index meanwhile finds it freed and counts nothing.
     */
    private void evict(LogItem it) {
        boolean indexed = index.remove(it);
        itemBytes.add(-it.bytes());
        it.releaseFreed();
        if (indexed) {
            evicted.accept(it.key);
        }
    }
}
