package org.mlos.mem.store.log;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One segment of the log: appended to until full, then sealed until reclaimed. Full means its
 * values fill its memory, or what its items keep on the heap reaches its limit (its size at
 * most): without the second bound a log of empty values never fills a segment and its index
 * grows without end.
 *
 * <p>Appends take no lock: {@link #reserve} claims a record's room, its heap share and its entry
 * in the segment's list by one compare-and-set of a word holding all three (and whether the
 * segment is closed to appends), so two writers on the head copy their records side by side.
 * Each writer says when its append is {@link #complete}: a sealed segment is reclaimed only once
 * every append it took is, so reclaiming sees every record's entry and item. What leaves a
 * segment (an item replaced, deleted, or moved on) is counted in a second word, from any thread.
 */
final class LogSegment {

    private static final int POS_BITS = 20;   // write position in 8-byte units: up to 8 MB
    private static final int HEAP_BITS = 21;  // heap appended in 4-byte units: up to 8 MB
    private static final int COUNT_BITS = 18; // records: up to 262,143 (a 4 MB segment of empty values holds 174,763)
    private static final long POS_MASK = (1L << POS_BITS) - 1;
    private static final long HEAP_MASK = (1L << HEAP_BITS) - 1;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    private static final int HEAP_SHIFT = POS_BITS;
    private static final int COUNT_SHIFT = POS_BITS + HEAP_BITS;
    private static final long CLOSED = 1L << 63;
    private static final long LIST_UNITS = LogItem.LIST_SLOT >> 2;
    /** The largest segment the word can describe (a record of the smallest size per list entry). */
    static final long MAX_SIZE = Math.min(POS_MASK << 3, Math.min(HEAP_MASK << 2, COUNT_MASK * LogRecord.HEADER));

    private static final int CHUNK_BITS = 10;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final VarHandle STATE;
    private static final VarHandle LEFT;
    private static final VarHandle COMPLETED;
    private static final VarHandle CHUNK_ITEMS = MethodHandles.arrayElementVarHandle(LogItem[][].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Words.class, "state", long.class);
            LEFT = l.findVarHandle(Words.class, "left", long.class);
            COMPLETED = l.findVarHandle(Words.class, "completed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Arena arena;
    final MemorySegment memory;
    /**
     * What writers change on every append and every set that moves an item out, away from
     * {@link #memory}, which every read of a record reads: on the same line, each set made the
     * reads of the other core miss on the segments it touched.
     */
    private final Words words = new Words();
    /**
     * The item and record offset of every record appended here, live or not, in chunks of
     * {@value #CHUNK} made as the list reaches them (by compare-and-set: two writers may need the
     * same chunk) and kept when the segment is reset. A record is live if its item is not freed and
     * still points here, at this offset: reclaiming checks that without a lookup in the index.
     */
    private final LogItem[][] items;
    private final int[][] offsets;
    /** Set before it becomes the head (under the roll lock): how much heap its items may keep. */
    long heapLimit;
    /**
     * The roll that last made it the head ({@link LogSpace}'s count), set under the roll lock as it
     * becomes the head: whether a set may rewrite an item here in place. A segment compacted into
     * before it becomes the head (the spare) keeps its last epoch until then, so an item moved in
     * may be rewritten a moment early: harmless, a rewrite holds the item's claim.
     */
    volatile long epoch;

    LogSegment(Arena arena, MemorySegment memory) {
        if (memory.byteSize() > MAX_SIZE) {
            throw new IllegalArgumentException("a log segment holds at most " + MAX_SIZE + " bytes, got " + memory.byteSize());
        }
        this.arena = arena;
        this.memory = memory;
        int chunks = (int) ((memory.byteSize() / LogRecord.HEADER + CHUNK) >> CHUNK_BITS);
        this.items = new LogItem[chunks][];
        this.offsets = new int[chunks][];
    }

    /** A segment's mutable words, padded to lines of their own (longs keep declaration order in HotSpot's layout). */
    @SuppressWarnings("unused")
    private static final class Words {
        long p1, p2, p3, p4, p5, p6, p7;
        /**
         * Closed bit, records listed, heap kept (4-byte units), write position (8-byte units). Appends
         * add by compare-and-set (after checking the room); items leaving subtract their heap share;
         * {@link #close} sets the bit; {@link #reset} (of a segment closed, with nothing in flight)
         * clears it.
         */
        volatile long state;
        /** Of the records that left (their items moved on or deleted): their bytes and list entries. */
        volatile long left;
        /** Appends done (their record written, listed, their item pointed at it): reclaiming waits for all. */
        volatile long completed;
        long q1, q2, q3, q4, q5, q6, q7;
    }

    int size() {
        return (int) memory.byteSize();
    }

    /** Heap units: every heap figure of an item is a multiple of 4 bytes (rounded up if ever not). */
    private static long units(long heap) {
        return Math.max(LIST_UNITS, (heap + 3) >> 2);
    }

    /**
     * Claims room for a record and its item's heap share, and the next list entry: returns the
     * entry's index and the record's offset as {@code index << 32 | offset}, or -1 if it does not
     * fit (or the segment is closed). An empty segment takes any record that fits its memory.
     */
    long reserve(int recordBytes, long heap) {
        long units = units(heap);
        while (true) {
            long s = (long) STATE.getVolatile(words);
            if (s < 0) {
                return -1; // closed
            }
            long pos = (s & POS_MASK) << 3;
            long count = (s >>> COUNT_SHIFT) & COUNT_MASK;
            if (pos + recordBytes > size()
                    || count != 0 && heapBytes(s) + (units << 2) > heapLimit) {
                return -1;
            }
            long next = s + (recordBytes >> 3) + (units << HEAP_SHIFT) + (1L << COUNT_SHIFT);
            if (STATE.compareAndSet(words, s, next)) {
                return count << 32 | pos;
            }
        }
    }

    /** Lists a record reserved as entry {@code index}; before {@link #complete}. */
    void list(int index, LogItem item, int offset) {
        int c = index >>> CHUNK_BITS;
        LogItem[] chunk = (LogItem[]) CHUNK_ITEMS.getAcquire(items, c); // another writer's chunk: its offsets with it
        if (chunk == null) {
            chunk = chunk(c);
        }
        chunk[index & (CHUNK - 1)] = item;
        offsets[c][index & (CHUNK - 1)] = offset;
    }

    private LogItem[] chunk(int c) {
        LogItem[] fresh = new LogItem[CHUNK];
        int[] freshOffsets = new int[CHUNK];
        synchronized (offsets) { // rare (a chunk of 1,024 records): a monitor is simplest
            if (items[c] == null) {
                offsets[c] = freshOffsets;
                CHUNK_ITEMS.setRelease(items, c, fresh);
            }
        }
        return (LogItem[]) CHUNK_ITEMS.getAcquire(items, c);
    }

    /** An append reserved here is done: its record written and listed, its item pointing at it. */
    void complete() {
        COMPLETED.getAndAdd(words, 1L);
    }

    /** Closes it to appends: a reservation after this fails. */
    void close() {
        STATE.getAndBitwiseOr(words, CLOSED);
    }

    /** Waits until every append it took is complete; the caller closed it first. */
    void awaitAppends() {
        long count = count();
        for (int spins = 0; (long) COMPLETED.getVolatile(words) != count; spins++) {
            LogItem.pause(spins); // a writer between its reservation and its completion: a copy and a few writes
        }
    }

    /**
     * An item of {@code heap} bytes whose record of {@code recordBytes} was here left it (moved on,
     * deleted): its heap share is given back but for its list entry, which stays until the reset.
     */
    void left(long recordBytes, long heap) {
        STATE.getAndAdd(words, -((units(heap) - LIST_UNITS) << HEAP_SHIFT)); // the field holds at least that: no borrow
        LEFT.getAndAdd(words, recordBytes + LogItem.LIST_SLOT);
    }

    /** Where the next record goes (a multiple of 8). */
    int writePosition() {
        return (int) ((words.state & POS_MASK) << 3);
    }

    /** Records listed, live or not. */
    int count() {
        return (int) ((words.state >>> COUNT_SHIFT) & COUNT_MASK);
    }

    private static long heapBytes(long s) {
        return ((s >>> HEAP_SHIFT) & HEAP_MASK) << 2;
    }

    /** What its items keep on the heap: live items whole, and list entries of all. */
    long heapBytes() {
        return heapBytes(words.state);
    }

    /** Whole-item bytes ({@link LogItem#bytes}) of the records here that are still their items' current ones. */
    long liveBytes() {
        long s = words.state;
        return ((s & POS_MASK) << 3) + heapBytes(s) - (long) LEFT.getVolatile(words);
    }

    /** Whole-item bytes appended here, live or not (records and what their items keep on the heap). */
    long appendedBytes() {
        return writePosition() + heapBytes();
    }

    /** The item of entry {@code i}, or null if its append failed before listing it. */
    LogItem item(int i) {
        LogItem[] chunk = items[i >>> CHUNK_BITS];
        return chunk == null ? null : chunk[i & (CHUNK - 1)];
    }

    int offset(int i) {
        return offsets[i >>> CHUNK_BITS][i & (CHUNK - 1)];
    }

    /** Empties it, open to appends again; its items all freed or moved, nothing in flight. */
    void reset() {
        int n = count();
        for (int c = 0; c << CHUNK_BITS < n; c++) {
            if (items[c] != null) {
                java.util.Arrays.fill(items[c], null);
            }
        }
        LEFT.setVolatile(words, 0L);
        COMPLETED.setVolatile(words, 0L);
        STATE.setVolatile(words, 0L);
    }
}
