package org.mlos.mem.store.log;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

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
    /**
     * Guarded by the store's append lock: the item and record offset of every record appended
     * here, live or not. A record is live if its item is not freed and still points here, at this
     * offset: reclaiming checks that without a lookup in the index. (Items, not keys: since a key
     * keeps one item for as long as it stays, moved in place by every set, the list keeps no
     * replaced object reachable, only the items of keys deleted or evicted until the segment is
     * reset.)
     */
    private LogItem[] items = new LogItem[64];
    private int[] offsets = new int[64];
    private int count;
    /** Guarded by the store's append lock: what its live items keep on the heap, and its list entries of all. */
    long heapBytes;
    /** Guarded by the store's append lock: how much heap its items may keep, set when it becomes the head. */
    long heapLimit;
    /**
     * Guarded by the store's append lock: whole-item bytes ({@link LogItem#bytes}) of the records
     * here that are still their items' current ones. A plain field: every set changes it, and
     * every change is made under the lock already.
     */
    long liveBytes;

    LogSegment(Arena arena, MemorySegment memory) {
        this.arena = arena;
        this.memory = memory;
    }

    int size() {
        return (int) memory.byteSize();
    }

    /** Whether a record fits; an empty segment takes any record that fits its memory. */
    boolean fits(int recordBytes, long heap) {
        return writePosition + recordBytes <= size() && (count == 0 || heapBytes + heap <= heapLimit);
    }

    /** Whole-item bytes appended here, live or not (records and what their items keep on the heap). */
    long appendedBytes() {
        return writePosition + heapBytes;
    }

    /** Lists a record of an item appended at {@code offset}. */
    void add(LogItem item, int offset) {
        if (count == items.length) {
            int grown = count + (count >> 1); // by half, as ArrayList: LogItem.LIST_SLOT counts on it
            items = Arrays.copyOf(items, grown);
            offsets = Arrays.copyOf(offsets, grown);
        }
        items[count] = item;
        offsets[count++] = offset;
    }

    /** Items appended here, live or not. */
    int count() {
        return count;
    }

    LogItem item(int i) {
        return items[i];
    }

    int offset(int i) {
        return offsets[i];
    }

    void reset() {
        writePosition = 0;
        Arrays.fill(items, 0, count, null);
        count = 0;
        heapBytes = 0;
        liveBytes = 0;
    }
}
