package org.mlos.mem.store.log;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.mlos.core.api.Kernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.MemProperties;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;
import org.mlos.mem.api.ValueReader;
import org.mlos.mem.store.IndexedStore;
import org.mlos.mem.store.ReclaimWalk;
import org.mlos.mem.store.offheap.OffHeapStoreConfig;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code log}: an append-only off-heap log with compaction. A write appends the value to the
 * head segment (a bump of a pointer, no size classes, no fragmentation inside a segment);
 * overwritten and deleted values stay behind as garbage. A set of a present key whose record is
 * the size of the one it replaces, in the head or the newer half of the sealed segments (the
 * mutable region of FASTER's HybridLog), rewrites that record in place instead and leaves no
 * garbage ({@link LogSpace#rewrite}). When no segment is free, a sealed
 * segment is reclaimed: the one with the least live share is compacted (its live items copied
 * on) if less than half of it is live, else the oldest is evicted whole.
 *
 * <p>The trade-off against {@code slab}: writes are cheaper and memory is never stranded in the
 * wrong size class, but eviction is first-in first-out by segment (an item read a moment ago can
 * go, and one rewritten in place goes with the segment it was last appended to, no sooner than
 * after half the log has rolled since), and memory held by garbage is only given back a segment
 * at a time.
 *
 * <p>Each record holds an item's metadata and value ({@link LogRecord}); the index (keys, and
 * where each record is: {@link LogItem}) lives on the heap, so the budget covers both: the segments
 * reserved plus what the items keep on the heap (see {@link LogSpace}) never exceed the capacity.
 */
@Component(service = KeyValueStore.class, property = Kernel.IMPL + "=log",
        configurationPid = "org.mlos.mem.store.log",
        // prototype: a node can host separate instances for other nodes (remote kinds)
        scope = ServiceScope.PROTOTYPE)
@Designate(ocd = OffHeapStoreConfig.class)
public final class LogStore extends IndexedStore<LogItem> {

    static final long MIN_SEGMENT = 1L << 20;
    static final long MAX_SEGMENT = 4L << 20;
    /** The largest value a log store holds: its segment's, in whole megabytes (5 MB). */
    public static final long LARGEST_ITEM = ((LogSegment.MAX_SIZE - LogRecord.size(0)) >> 20) << 20;

    /** Scratch arrays up to this size are kept for the next read of the thread. */
    private static final int SCRATCH_KEPT = 1 << 20;

    /**
     * Whole-item bytes of the live items. Striped rather than IndexedStore's one {@code AtomicLong}:
     * every set adds and frees, and two writers bouncing one line between cores cost a set more than
     * its append. IndexedStore's counter is not used.
     */
    private final LongAdder itemBytes = new LongAdder();
    private final ThreadLocal<Copy> reading = ThreadLocal.withInitial(Copy::new);
    /**
     * Key to item, the items their own chain nodes (see {@link LogIndex}): IndexedStore's map is
     * not used (it stays empty), since its node is one more miss between a key and its record.
     */
    private final LogIndex items = new LogIndex();
    /** Appends take no lock; its {@link LogSpace#lock} guards rolls, reclaims and resizes. */
    private final LogSpace space = new LogSpace(items, itemBytes, this::evicted, () -> capacity);
    /** The largest value a segment must hold ({@code -I}): segments are never smaller. */
    private long largestItem = MemProperties.DEFAULT_STORE_ITEM_MAX;

    /** For DS. */
    public LogStore() {
    }

    /** For plain Java and tests. */
    public LogStore(long capacityBytes) {
        this(capacityBytes, MemProperties.DEFAULT_STORE_ITEM_MAX);
    }

    /** For plain Java and tests: a store whose segments hold a value of {@code largestItem} bytes. */
    public LogStore(long capacityBytes, long largestItem) {
        this.largestItem = largestItem;
        init(capacityBytes);
    }

    @Activate
    void activate(BundleContext context, OffHeapStoreConfig config) {
        largestItem = nodeLargestItem(context);
        init(nodeCapacity(config.capacity_mb(), context));
    }

    @Deactivate
    void deactivate() {
        discardAll();
        releaseMemory();
    }

    /**
     * Changes the limits in place while three segments of the size the store started with fit the
     * new budget: growing allows more segments at once; shrinking gives segments back, free ones
     * first, then the oldest evicted whole (as reclaiming does), with appends going on (what
     * reserves segments and sizes a head reads them under the space's lock). A budget below
     * three such segments lays the store out again with smaller ones, its items kept as far as
     * they fit (see {@link #relayout}), which needs heap for a copy of them.
     */
    @Override
    protected void changeCapacity(long capacityBytes) {
        check(capacityBytes);
        if (!limitsChangedInPlace(capacityBytes)) {
            relayout(capacityBytes, this::init);
            return;
        }
        while (space.giveBackOne()) {
            // a segment at a time: writers rolling to a new head wait for one, not for all
        }
    }

    /** The new limits, under the space's lock, if three segments of the size laid out fit them; else false. */
    private boolean limitsChangedInPlace(long capacityBytes) {
        space.lock.lock();
        try {
            int segments = (int) (capacityBytes / space.segmentSize());
            if (capacityBytes >= capacity) {
                capacity = capacityBytes;
                space.grow(segments);
                return true;
            }
            if (segments < 3) {
                return false;
            }
            capacity = capacityBytes;
            space.shrink(segments);
            return true;
        } finally {
            space.lock.unlock();
        }
    }

    /**
     * Whole megabytes for values, at least the largest item's, and room for one record's header
     * beside them, so that a segment of 1 MB takes a value of 1 MB (memcached's default largest
     * item). A record lies in one segment.
     */
    static long segmentFor(long capacityBytes, long largestItem) {
        long mb = (1L << 20) - 1;
        long values = Math.max(MIN_SEGMENT, Math.min(MAX_SEGMENT, (capacityBytes / 16) & ~mb));
        return Math.max(values, (largestItem + mb) & ~mb) + LogRecord.size(0);
    }

    private long segmentFor(long capacityBytes) {
        return segmentFor(capacityBytes, largestItem);
    }

    private void check(long capacityBytes) {
        String refused = refusal(capacityBytes, largestItem);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
    }

    /**
     * Why a log store of {@code capacityBytes} cannot hold items of {@code largestItem} bytes
     * (its segments would be too large, or fewer than three would fit), or null if it can: what
     * a launcher checks before it starts a node.
     */
    public static String refusal(long capacityBytes, long largestItem) {
        if (largestItem > LARGEST_ITEM) {
            return "a log store holds items of up to " + LARGEST_ITEM + " bytes (" + (LARGEST_ITEM >> 20)
                    + " MB: a record lies in one segment), asked for items of " + largestItem
                    + " bytes; choose the heap or lru store for larger items";
        }
        long seg = segmentFor(capacityBytes, largestItem);
        if (capacityBytes < 3 * seg) {
            return "a log store needs at least three segments of " + seg + " bytes (" + (seg >> 20)
                    + " MB of values, for items of up to " + largestItem + " bytes, and a record header each), "
                    + 3 * seg + " bytes, got " + capacityBytes + " bytes";
        }
        return null;
    }

    private void init(long capacityBytes) {
        check(capacityBytes);
        long seg = segmentFor(capacityBytes);
        capacity = capacityBytes;
        space.layout((int) seg, (int) (capacityBytes / seg));
    }

    /** Off-heap memory taken: segments times their size. Never above the capacity. */
    public long reservedBytes() {
        space.lock.lock();
        try {
            return space.reserved();
        } finally {
            space.lock.unlock();
        }
    }

    @Override
    public long heldBytes() {
        space.lock.lock();
        try {
            return space.held();
        } finally {
            space.lock.unlock();
        }
    }

    @Override
    protected long bytesUsed() {
        return itemBytes.sum();
    }

    @Override
    public long size() {
        return items.size();
    }

    /** Every indexed item's entry, its value copied out (IndexedStore's walks its own map, which the log does not use). */
    @Override
    protected void forEachEntry(Consumer<StoreEntry> sink) {
        items.forEach(it -> {
            StoreEntry e = lookup(it.key);
            if (e != null) {
                sink.accept(e);
            }
        });
    }

    /** A reclaim walk goes a piece of the index at a time ({@link LogIndex#forEachIn}). */
    @Override
    public int reclaimParts() {
        return LogIndex.PIECES;
    }

    /** The piece's items, by their records' times and their lengths alone: no value is copied off the log. */
    @Override
    protected void walkPart(long now, int part, ReclaimWalk walk) {
        items.forEachIn(part, it -> walk(it, now, walk));
    }

    /**
     * Tells the walk whether the item's record is dead at {@code now}, its times read as
     * {@link #copy} reads a record: checked against a move or free under way. Nothing for an item
     * freed meanwhile: its key has another item or none.
     */
    private void walk(LogItem it, long now, ReclaimWalk walk) {
        while (true) {
            int version = it.stableVersion();
            if (version < 0) {
                return;
            }
            try {
                MemorySegment memory = it.segment.memory;
                int offset = it.offset;
                int length = it.length;
                int flags = it.flags;
                long expiresAt = LogRecord.expiresAt(memory, offset);
                long storedAt = LogRecord.storedAt(memory, offset);
                if (it.unchangedSince(version)) {
                    if (liveAt(expiresAt, storedAt, now)) {
                        walk.item(it.key.length(), length, flags, storedAt);
                    } else {
                        walk.dead(it.key);
                    }
                    return;
                }
            } catch (IllegalStateException | IndexOutOfBoundsException moved) {
                // its segment given back, or fields of two records paired mid-move: read again
            }
        }
    }

    /** Off-heap bytes the records appended so far take, live or garbage (tests: what the segments reserved hold). */
    long recordBytes() {
        space.lock.lock();
        try {
            return space.recordBytes();
        } finally {
            space.lock.unlock();
        }
    }

    /** Segments compacted so far. */
    /** The key's item as the index holds it now, or null: for tests of where an item is kept. */
    LogItem itemOf(String key) {
        return items.get(key);
    }

    long compactions() {
        return space.compactions();
    }

    // ---- reads ------------------------------------------------------------------------------

    @Override
    protected StoreEntry lookup(String key) {
        Copy c = new Copy();
        return copy(key, c, true) ? new StoreEntry(key, c.value, c.flags, c.expiresAt, c.cas, c.storedAt) : null;
    }

    @Override
    protected StoreEntry copyOut(StoreEntry e) {
        return e;
    }

    /** A get without an allocation: the value is copied into the reading thread's scratch array and handed to the reader once. */
    @Override
    public boolean read(String key, ValueReader reader) {
        Copy c = reading.get();
        if (copy(key, c, false)) {
            if (visible(c.expiresAt, c.storedAt)) {
                countGet(true);
                byte[] value = c.value;
                c.value = null; // a value over SCRATCH_KEPT stays the caller's alone, not the thread's
                reader.read(value, 0, c.length, c.flags, c.cas);
                return true;
            }
            countDeadGet(c.expiresAt, c.storedAt);
        }
        countGet(false);
        return false;
    }

    /**
     * Copies a key's value and record fields as one: checked against a concurrent reclaim,
     * compaction or reuse of its segment (the item is freed before its memory is written again,
     * so an item still live after the copy was copied whole). False if the key has no item.
     *
     * @param own a new array of the value's length, else the scratch array of {@code c} (the
     *            store's own per thread, so that a reader of another store cannot overwrite it)
     */
    private boolean copy(String key, Copy c, boolean own) {
        while (true) {
            LogItem it = items.get(key);
            if (it == null) {
                return false;
            }
            int version = it.stableVersion();
            if (version >= 0) {
                LogSegment segment = it.segment;
                int offset = it.offset;
                int length = it.length;
                int flags = it.flags;
                try {
                    byte[] into = own ? new byte[length] : c.scratch(length);
                    MemorySegment memory = segment.memory;
                    LogRecord.value(memory, offset, into, length);
                    long expiresAt = LogRecord.expiresAt(memory, offset);
                    long cas = LogRecord.cas(memory, offset);
                    long storedAt = LogRecord.storedAt(memory, offset);
                    if (it.unchangedSince(version)) {
                        c.set(into, length, flags, expiresAt, cas, storedAt);
                        return true;
                    }
                } catch (IllegalStateException | IndexOutOfBoundsException moved) {
                    // its segment given back, or fields of two records paired mid-move: checked below
                }
                if (!it.isFreed()) {
                    continue; // moved while copying: read again
                }
            }
            if (items.remove(it)) {
                return false; // freed yet still indexed: never left so on purpose; do not spin on it
            }
            // freed and replaced or evicted: read again
        }
    }

    /** One stable copy of an item: its value's bytes and its record's fields, read together. */
    private static final class Copy {
        private static final byte[] EMPTY = new byte[0];
        private byte[] scratch = EMPTY; // a lookup's Copy never needs one
        byte[] value;
        int length;
        int flags;
        long expiresAt;
        long cas;
        long storedAt;

        void set(byte[] value, int length, int flags, long expiresAt, long cas, long storedAt) {
            this.value = value;
            this.length = length;
            this.flags = flags;
            this.expiresAt = expiresAt;
            this.cas = cas;
            this.storedAt = storedAt;
        }

        /** At least {@code length} bytes; values over 1 MB get an array of their own, not kept. */
        byte[] scratch(int length) {
            byte[] b = scratch;
            if (b.length >= length) {
                return b;
            }
            if (length > SCRATCH_KEPT) {
                return new byte[length];
            }
            b = new byte[Math.max(length, Math.min(SCRATCH_KEPT, Integer.highestOneBit(length) << 1))];
            scratch = b;
            return b;
        }
    }

    // ---- writes -----------------------------------------------------------------------------

    /**
     * A set as {@link org.mlos.mem.store.AbstractStore}'s, without its copy of the value and its
     * entry object: the log copies the caller's bytes into its record anyway, under the key's
     * stripe lock, before the set returns.
     */
    @Override
    public long set(String key, byte[] value, int flags, long expiresAt) {
        synchronized (stripe(key)) {
            long now = now();
            long cas = nextCas();
            countSet();
            put(key, value, flags, expiresAt, cas, now);
            return cas;
        }
    }

    @Override
    protected void store(StoreEntry e) {
        put(e.key(), e.value(), e.flags(), e.expiresAt(), e.cas(), e.storedAt());
    }

    /** Appends a key's record and indexes it; under the key's stripe lock, no other (see {@link LogSpace#append}). */
    private void put(String key, byte[] value, int flags, long expiresAt, long cas, long storedAt) {
        int segmentSize = space.segmentSize();
        if (LogRecord.size(value.length) > segmentSize) {
            throw new StoreFullException("value of " + value.length + " bytes is larger than a log segment holds ("
                    + (segmentSize - LogRecord.size(0)) + " bytes)");
        }
        // The key's stripe lock is held, so its index entry changes meanwhile only by a reclaim,
        // which moves the item in place or frees it (then append makes a new one).
        LogItem current = items.get(key);
        if (current != null && space.rewrite(current, value, flags, expiresAt, cas, storedAt)) {
            return;
        }
        space.append(key, LogItem.heapBytes(key), value, flags, expiresAt, cas, storedAt, current);
    }

    /**
     * Rewrites the expiry in the item's record, in place, under the item's claim: nothing moves,
     * frees or copies it meanwhile, so its record is where it says (a set of the key cannot run:
     * the caller holds the key's stripe lock).
     */
    @Override
    protected void updateExpiry(StoreEntry entry, long expiresAt) {
        LogItem it = items.get(entry.key());
        if (it != null && it.claim()) {
            LogRecord.expiresAt(it.segment.memory, it.offset, expiresAt);
            it.release();
        }
    }

    /** Out of the index first, then freed: eviction tells only of items it took out of the index itself. */
    @Override
    protected boolean discard(String key) {
        LogItem it = items.remove(key);
        if (it == null) {
            return false;
        }
        space.free(it, LogItem.heapBytes(key));
        return true;
    }

    /** Frees every item in one walk of the index, taking no lock but each item's claim: writers keep writing. */
    @Override
    protected void discardAll() {
        items.forEach(it -> {
            if (items.remove(it)) {
                space.free(it, it.heapBytes());
            }
        });
    }

    @Override
    protected void releaseMemory() {
        space.lock.lock();
        try {
            space.releaseAll();
        } finally {
            space.lock.unlock();
        }
    }
}
