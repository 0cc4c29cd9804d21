package org.mlos.mem.store.log;

import java.lang.foreign.Arena;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.mlos.mem.api.StoreFullException;

/**
 * The log's segments and how they are reserved and reclaimed: appends go to the head; a full head
 * is sealed and the next taken from the free ones, else a sealed one mostly garbage compacted (the
 * one with the least live share, if under a quarter is live), else a new one while the budget
 * leaves room, else from a sealed one reclaimed (the one with the least live share compacted, if
 * less than half is live, else the oldest evicted whole).
 *
 * <p>Appends take no lock: a writer reserves its record's room in the head by a compare-and-set
 * ({@link LogSegment#reserve}), so writers on two cores copy their records side by side. Only
 * rolling to the next head takes {@link #lock} (which also guards the segment lists and every
 * method here but {@link #append}, {@link #free} and the volatile reads); a head is sealed once
 * every append it took is complete, so reclaiming sees each record listed with its item. Items
 * change under their claims ({@link LogItem#claim}): a set moving an item and compaction moving or
 * eviction freeing it never overlap, and whoever changes an item counts it out of its segment
 * before releasing it, so a segment is reset only after every count of it is in.
 *
 * <p>The budget covers the segments reserved plus what their items keep on the heap: live items
 * whole, and a list entry for every record, live or garbage, until its segment is reset. A new
 * segment is reserved only while half a segment of heap would remain beside it, and each head may
 * keep on the heap only what the budget leaves (its size at most), so a head of small items fills
 * and rolls like one of large values.
 */
final class LogSpace {

    /**
     * A sealed segment this little of which is live is compacted before a new segment is reserved:
     * a log of keys overwritten all the time stays a few times the size of its live items instead
     * of spreading them over the whole budget (fresh memory page-faulted and zeroed for every
     * segment, every read a miss in another page); the copying costs at most a third more per set.
     */
    private static final double MOSTLY_GARBAGE = 0.25;
    /** Once the budget is reserved, a sealed segment less than this share of which is live is compacted rather than the oldest evicted. */
    private static final double HALF_GARBAGE = 0.5;
    /** The largest value a set rewrites in place ({@link #rewrite}): a copy of a few microseconds under the item's claim. */
    static final int REWRITE_MAX = 64 << 10;

    private final LogIndex index;
    private final LongAdder itemBytes;
    private final LongSupplier capacity;
    private final LogMover mover;

    /** Rolls, reclaims, resizes: everything but appends, frees and reads. */
    final ReentrantLock lock = new ReentrantLock();
    /** Volatile: writers check a value against it before they append; a resize to a small budget lays the log out again. */
    private volatile int segmentSize;
    private int maxSegments;
    private int allocated;
    private final ArrayDeque<LogSegment> free = new ArrayDeque<>();
    private final ArrayDeque<LogSegment> sealed = new ArrayDeque<>();
    /** Where appends go; replaced under the lock, read by writers without it. */
    private volatile LogSegment head;
    private LogSegment spare;
    /** The next head while {@link #nextSegment} makes room beside it: counted in {@link #held}. */
    private LogSegment preparing;
    /** Heads made so far: the epoch of the head ({@link LogSegment#epoch}). */
    private long rolls;
    /**
     * The oldest epoch of the log's mutable region: the head and the newer half of the sealed
     * segments, where a set rewrites an item of the same record size in place ({@link #rewrite}).
     */
    private volatile long mutableFrom = Long.MAX_VALUE;

    /**
     * @param index     the store's index, which reclaiming updates (moved items) and removes from (evicted ones)
     * @param itemBytes the whole-item bytes of the live items, kept up to date here for items moved and evicted
     * @param evicted   told the key of each item evicted
     * @param capacity  the store's budget now
     */
    LogSpace(LogIndex index, LongAdder itemBytes, Consumer<String> evicted,
            LongSupplier capacity) {
        this.index = index;
        this.itemBytes = itemBytes;
        this.capacity = capacity;
        this.mover = new LogMover(index, itemBytes, evicted);
    }

    /** Lays out an empty log: segments of a size, at most so many. */
    void layout(int segmentSize, int maxSegments) {
        this.segmentSize = segmentSize;
        this.maxSegments = maxSegments;
    }

    /** Raises the number of segments the log may reserve (a store grown in place). */
    void grow(int maxSegments) {
        this.maxSegments = maxSegments;
    }

    /**
     * Lowers the number of segments the log may reserve (a store shrunk in place). Caller holds
     * the lock; {@link #giveBackOne} then gives segments back.
     */
    void shrink(int maxSegments) {
        this.maxSegments = maxSegments;
    }

    /**
     * Gives one segment back if the log holds more than it may or does not fit the budget: a
     * free one, else the oldest sealed, its items evicted whole as {@link #reclaim} evicts them.
     * False when nothing is left to give (it fits, or only the head and the spare are left).
     * Takes the lock for the one segment, so that writers rolling to a new head wait for one
     * segment's eviction, not the whole shrink: the lock is not fair, and taken again at once it
     * kept a writer waiting throughout (3.3 s in {@code mlos bench resize}), so writers waiting go first.
     */
    boolean giveBackOne() {
        for (int i = 0; i < 1_000 && lock.hasQueuedThreads(); i++) {
            Thread.yield();
        }
        lock.lock();
        try {
            if (allocated <= maxSegments && held() <= capacity.getAsLong()) {
                return false;
            }
            LogSegment segment = free.poll();
            if (segment == null) {
                segment = sealed.pollFirst();
                if (segment == null) {
                    return false;
                }
                mover.evictAll(segment);
                reset(segment);
                newerHalf(); // the log is shorter: its newer half starts later
            }
            release(segment);
            return true;
        } finally {
            lock.unlock();
        }
    }

    int segmentSize() {
        return segmentSize;
    }

    /** Off-heap memory reserved: segments times their size. */
    long reserved() {
        return (long) allocated * segmentSize;
    }

    /** What the log holds: segments reserved, and what their items keep on the heap (live items whole, list entries of all). */
    long held() {
        long heap = 0;
        for (LogSegment segment : sealed) {
            heap += segment.heapBytes();
        }
        for (LogSegment segment : new LogSegment[] { head, spare, preparing }) {
            if (segment != null) {
                heap += segment.heapBytes();
            }
        }
        return (long) allocated * segmentSize + heap;
    }

    /** Bytes of records appended to the head and sealed segments, live or garbage: what the reserved memory holds. */
    long recordBytes() {
        LogSegment h = head;
        long sum = h == null ? 0 : h.writePosition();
        for (LogSegment segment : sealed) {
            sum += segment.writePosition();
        }
        return sum;
    }

    long compactions() {
        return mover.compactions();
    }

    /** Gives every segment's memory back; the log is empty afterwards (its items must have been freed). */
    void releaseAll() {
        for (LogSegment segment : sealed) {
            segment.arena.close();
        }
        for (LogSegment segment : free) {
            segment.arena.close();
        }
        for (LogSegment segment : new LogSegment[] { head, spare }) {
            if (segment != null) {
                segment.arena.close();
            }
        }
        head = null;
        spare = null;
        free.clear();
        sealed.clear();
        allocated = 0;
    }

    /**
     * Appends a key's record to the head, rolling to the next segment (reclaiming one if need be)
     * until it fits, and counts it in; under the key's stripe lock, no other. {@code heap}: what the
     * key's item keeps on the heap ({@link LogItem#heapBytes(String)}). {@code current}: the key's
     * indexed item, or null: if it is still live once the record is written (rolling may have
     * evicted it), it is moved to the new record in place, its old record counted out, and
     * returned; else a new item is indexed and returned. The record is written whole before its
     * item points at it, and the item indexed before the append is complete.
     */
    LogItem append(String key, long heap, byte[] value, int flags, long expiresAt, long cas, long storedAt,
            LogItem current) {
        int record = LogRecord.size(value.length);
        LogSegment target;
        long reserved;
        while (true) {
            target = head;
            if (target != null && (reserved = target.reserve(record, heap)) >= 0) {
                break;
            }
            roll(target); // a compacted head may still lack room for a large value
        }
        try {
            return appendAt(target, reserved, key, heap, value, flags, expiresAt, cas, storedAt, current);
        } finally {
            target.complete(); // even if it failed: a roll waits for every append the head took
        }
    }

    private LogItem appendAt(LogSegment target, long reserved, String key, long heap, byte[] value, int flags,
            long expiresAt, long cas, long storedAt, LogItem current) {
        int record = LogRecord.size(value.length);
        int offset = (int) reserved;
        int entry = (int) (reserved >>> 32);
        LogRecord.write(target.memory, offset, value, expiresAt, cas, storedAt);
        LogItem it;
        if (current != null && current.claim()) {
            it = current;
            LogSegment was = it.segment;
            int wasRecord = it.recordBytes();
            target.list(entry, it, offset);
            it.move(target, offset, value.length, flags);
            if (record != wasRecord) {
                itemBytes.add(record - wasRecord); // the item's heap part stays counted
            }
            was.left(wasRecord, heap); // before the release: its segment is not reset before
            it.release();
        } else {
            it = new LogItem(key, target, offset, value.length, flags);
            target.list(entry, it, offset);
            itemBytes.add(record + heap);
            // Indexed before the append completes: reclaiming evicts an item by taking it out of
            // the index, and waits for the segment's appends to complete first.
            LogItem old = index.put(it);
            if (old != null) {
                free(old, heap); // not left so by anyone (a freed item leaves the index first): defensive
            }
        }
        return it;
    }

    /** Sets the mutable region to the head and the newer half of the sealed segments as they are now; under the lock. */
    private void newerHalf() {
        mutableFrom = rolls - sealed.size() / 2;
    }

    /**
     * Rewrites the item's record in place, under its claim, if the new record is the size of its
     * record now and its segment is in the mutable region (the head and the newer half of the
     * sealed segments): FASTER's in-place update (Chandramouli et al., SIGMOD 2018). Such a set
     * appends nothing, so it reserves no room in the head (a compare-and-set on a line every
     * writer shares), leaves no garbage to compact, and changes no count. Readers validate their
     * copy against the item's version, which the claim changes, so none keeps a torn one. The
     * price: the item stays in its segment, so it is evicted with it, no sooner than after half
     * of the log has rolled since it was last appended (a shrink that gives back more than the
     * older half evicts it with its segment, as it evicts the items appended there). Values over
     * {@value #REWRITE_MAX} bytes are appended: readers of the key wait out the claim, and a
     * compaction waiting for it holds the space's lock. False if it does not apply (the item
     * freed, moved out of the region, of another size, or too large): the caller appends. Under
     * the key's stripe lock.
     */
    boolean rewrite(LogItem it, byte[] value, int flags, long expiresAt, long cas, long storedAt) {
        int record = LogRecord.size(value.length);
        if (value.length > REWRITE_MAX || !rewritable(it, record) || !it.claim()) { // a look first (fields read unclaimed), then under the claim
            return false;
        }
        try {
            if (!rewritable(it, record)) {
                return false; // compacted out of the region, or evicted and reset, meanwhile
            }
            LogRecord.write(it.segment.memory, it.offset, value, expiresAt, cas, storedAt);
            it.move(it.segment, it.offset, value.length, flags);
            return true;
        } finally {
            it.release();
        }
    }

    private boolean rewritable(LogItem it, int record) {
        return it.recordBytes() == record && it.segment.epoch >= mutableFrom;
    }

    /**
     * Frees an item taken out of the index (a delete, a flush), counting it out; false if it was
     * freed already (evicted meanwhile: eviction counted it). Takes no lock but the item's claim.
     */
    boolean free(LogItem it, long heap) {
        if (!it.claim()) {
            return false;
        }
        int record = it.recordBytes();
        itemBytes.add(-(record + heap));
        it.segment.left(record, heap);
        it.releaseFreed();
        return true;
    }

    /** Empties a segment whose items are all freed or moved on. */
    private void reset(LogSegment segment) {
        segment.reset();
    }

    /**
     * Seals a full head and opens the next one, unless another writer did meanwhile. Writers that
     * find the head full wait here while the next is made (reclaiming may compact or evict).
     */
    private void roll(LogSegment full) {
        lock.lock();
        try {
            if (head != full) {
                return; // rolled by another writer meanwhile: try the new head
            }
            if (full != null) {
                full.close();
                full.awaitAppends(); // sealed with every append in it complete: reclaiming sees them all
                sealed.addLast(full);
                head = null; // counted as sealed now; writers meanwhile wait for the lock and the new head
            }
            LogSegment next = nextSegment();
            next.epoch = ++rolls;
            newerHalf();
            head = next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next head, and the heap it may fill: what the budget leaves, up to its size, so that
     * appends need no check beyond {@link LogSegment#reserve}. A new segment is reserved only while
     * half a segment of heap would remain beside it; below that, segments are reclaimed first.
     */
    private LogSegment nextSegment() {
        if (spare == null) {
            spare = newSegment();
        }
        LogSegment next;
        LogSegment garbage;
        if (!free.isEmpty()) {
            next = free.poll();
        } else if ((garbage = mostGarbage(MOSTLY_GARBAGE)) != null) {
            next = compacted(garbage);
        } else if (allocated < maxSegments && held() + segmentSize + segmentSize / 2 <= capacity.getAsLong()) {
            next = newSegment();
        } else {
            next = reclaim();
        }
        preparing = next;
        try {
            makeRoomBeside(next);
        } finally {
            preparing = null;
        }
        long heap = next.heapBytes();
        next.heapLimit = heap + Math.max(0, Math.min(segmentSize - heap, capacity.getAsLong() - held()));
        return next;
    }

    /** Reclaims until half a segment of heap is left beside the next head (or nothing is left to reclaim). */
    private void makeRoomBeside(LogSegment next) {
        while (capacity.getAsLong() - held() < segmentSize / 2 && !(sealed.isEmpty() && free.isEmpty())) {
            if (free.isEmpty()) {
                makeRoom(next);
            } else {
                release(free.poll()); // items need the room more than the log needs the segment
            }
        }
    }

    /**
     * A segment to write to when none is free: the sealed one most of which is garbage,
     * compacted into the spare, else the oldest, evicted.
     */
    private LogSegment reclaim() {
        LogSegment garbage = mostGarbage(HALF_GARBAGE);
        if (garbage != null) {
            return compacted(garbage);
        }
        LogSegment oldest = sealed.pollFirst();
        if (oldest == null) {
            throw new StoreFullException("log store full: no segment to reclaim");
        }
        mover.evictAll(oldest);
        reset(oldest);
        return oldest;
    }

    /** Compacts a sealed segment into the spare, which it becomes; returns the old spare, holding its live items. */
    private LogSegment compacted(LogSegment garbage) {
        sealed.remove(garbage);
        LogSegment target = spare;
        mover.compactInto(garbage, target);
        reset(garbage);
        spare = garbage;
        return target;
    }

    /**
     * Frees heap for the next head: moves the live items of the segment most of which is
     * garbage into it, if they fit, else evicts the oldest segment.
     */
    private void makeRoom(LogSegment next) {
        LogSegment garbage = mostGarbage(HALF_GARBAGE);
        LogSegment reclaimed;
        if (garbage != null && mover.fitsLive(garbage, next, segmentSize)) {
            sealed.remove(garbage);
            mover.compactInto(garbage, next);
            reclaimed = garbage;
        } else {
            reclaimed = sealed.pollFirst();
            mover.evictAll(reclaimed);
        }
        reset(reclaimed);
        free.addLast(reclaimed);
    }

    /**
     * The sealed segment with the smallest live share, if less than {@code below} of it is live:
     * where compaction frees the most. Eviction stays first-in first-out.
     */
    private LogSegment mostGarbage(double below) {
        LogSegment most = null;
        double share = below;
        for (LogSegment segment : sealed) {
            long appended = segment.appendedBytes();
            double live = appended == 0 ? 0 : (double) segment.liveBytes() / appended;
            if (live < share) {
                most = segment;
                share = live;
            }
        }
        return most;
    }

    private LogSegment newSegment() {
        Arena arena = Arena.ofShared(); // one a segment, so that one can be given back on its own
        allocated++;
        return new LogSegment(arena, arena.allocate(segmentSize, 64));
    }

    /** Gives an empty segment's memory back; readers still holding an item of it find it closed and read again. */
    private void release(LogSegment segment) {
        segment.arena.close();
        allocated--;
    }
}
