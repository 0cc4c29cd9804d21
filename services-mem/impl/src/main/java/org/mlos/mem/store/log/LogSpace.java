package org.mlos.mem.store.log;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.mlos.mem.api.StoreFullException;

/**
 * The log's segments and how they are reserved and reclaimed: appends go to the head; a full head
 * is sealed and the next taken from the free ones, else a sealed one mostly garbage compacted (the
 * one with the least live share, if under a quarter is live), else a new one while the budget
 * leaves room, else from a sealed one reclaimed (the one with the least live share compacted, if
 * less than half is live, else the oldest evicted whole). Every method but the volatile reads is
 * called under the store's append lock.
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

    private final LogIndex index;
    private final LongAdder itemBytes;
    private final Consumer<String> evicted;
    private final LongSupplier capacity;
    private final AtomicLong compactions = new AtomicLong();

    /** Volatile: writers check a value against it before they take the lock; a resize lays the log out again. */
    private volatile int segmentSize;
    private int maxSegments;
    private int allocated;
    private final ArrayDeque<LogSegment> free = new ArrayDeque<>();
    private final ArrayDeque<LogSegment> sealed = new ArrayDeque<>();
    private LogSegment head;
    private LogSegment spare;
    /** What the items of every segment keep on the heap: live items whole, list entries of all. */
    private long heapBytes;

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
        this.evicted = evicted;
        this.capacity = capacity;
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

    int segmentSize() {
        return segmentSize;
    }

    /** Off-heap memory reserved: segments times their size. */
    long reserved() {
        return (long) allocated * segmentSize;
    }

    /** What the log holds: segments reserved, and what their items keep on the heap. */
    long held() {
        return (long) allocated * segmentSize + heapBytes;
    }

    /** Bytes of records appended to the head and sealed segments, live or garbage: what the reserved memory holds. */
    long recordBytes() {
        long sum = head == null ? 0 : head.writePosition;
        for (LogSegment segment : sealed) {
            sum += segment.writePosition;
        }
        return sum;
    }

    long compactions() {
        return compactions.get();
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
        heapBytes = 0;
    }

    /**
     * Appends a key's record to the head, rolling to the next segment (reclaiming one if need be)
     * until it fits, and counts it in. {@code heap}: what the key's item keeps on the heap
     * ({@link LogItem#heapBytes(String)}). {@code current}: the key's indexed item, or null: if it
     * is still live once the record is written (rolling may have evicted it), it is moved to the
     * new record in place, its old record counted out, and returned; else a new item is returned,
     * for the caller to index.
     */
    LogItem append(String key, long heap, byte[] value, int flags, long expiresAt, long cas, long storedAt,
            LogItem current) {
        int record = LogRecord.size(value.length);
        while (head == null || !head.fits(record, heap)) {
            roll(); // a compacted head may still lack room for a large value
        }
        LogSegment target = head;
        int offset = target.writePosition;
        LogRecord.write(target.memory, offset, value, expiresAt, cas, storedAt);
        if (current == null || current.isFreed()) {
            LogItem it = new LogItem(key, target, offset, value.length, flags);
            entered(target, it, heap, value.length);
            itemBytes.add(record + heap);
            return it;
        }
        LogSegment was = current.segment;
        int wasRecord = current.recordBytes();
        entered(target, current, heap, value.length);
        current.move(target, offset, value.length, flags);
        if (record != wasRecord) {
            itemBytes.add(record - wasRecord); // the item's heap part stays counted
        }
        was.liveBytes -= wasRecord + heap;
        released(was, heap);
        return current;
    }

    /** Counts in a record of an item just written at the target's write position, and lists it. */
    private void entered(LogSegment target, LogItem item, long heap, int length) {
        int record = LogRecord.size(length);
        target.add(item, target.writePosition);
        target.writePosition += record;
        target.heapBytes += heap;
        heapBytes += heap;
        target.liveBytes += record + heap;
    }

    /**
     * An item of a segment that lives on was replaced or deleted: what it kept on the heap goes to
     * the collector, but for its entry in the segment's list, which stays until the segment is
     * reset. (A replacing item counts the index node and key again itself.)
     */
    void released(LogSegment segment, long heap) {
        long gone = heap - LogItem.LIST_SLOT;
        segment.heapBytes -= gone;
        heapBytes -= gone;
    }

    /** Empties a segment whose items are all freed. */
    private void reset(LogSegment segment) {
        heapBytes -= segment.heapBytes;
        segment.reset();
    }

    /** Seals the head and opens the next one. */
    private void roll() {
        if (head != null) {
            sealed.addLast(head);
        }
        head = nextSegment();
    }

    /**
     * The next head, and the heap it may fill: what the budget leaves, up to its size, so that
     * appends need no check beyond {@link LogSegment#fits}. A new segment is reserved only while
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
        while (capacity.getAsLong() - held() < segmentSize / 2 && !(sealed.isEmpty() && free.isEmpty())) {
            if (free.isEmpty()) {
                makeRoom(next);
            } else {
                release(free.poll()); // items need the room more than the log needs the segment
            }
        }
        next.heapLimit = next.heapBytes + Math.max(0, Math.min(segmentSize - next.heapBytes, capacity.getAsLong() - held()));
        return next;
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
        evictAll(oldest);
        reset(oldest);
        return oldest;
    }

    /** Compacts a sealed segment into the spare, which it becomes; returns the old spare, holding its live items. */
    private LogSegment compacted(LogSegment garbage) {
        sealed.remove(garbage);
        LogSegment target = spare;
        compactInto(garbage, target);
        reset(garbage);
        spare = garbage;
        compactions.incrementAndGet();
        return target;
    }

    /**
     * Frees heap for the next head: moves the live items of the segment most of which is
     * garbage into it, if they fit, else evicts the oldest segment.
     */
    private void makeRoom(LogSegment next) {
        LogSegment garbage = mostGarbage(HALF_GARBAGE);
        LogSegment reclaimed;
        if (garbage != null && fitsLive(garbage, next)) {
            sealed.remove(garbage);
            compactInto(garbage, next);
            compactions.incrementAndGet();
            reclaimed = garbage;
        } else {
            reclaimed = sealed.pollFirst();
            evictAll(reclaimed);
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
            double live = appended == 0 ? 0 : (double) segment.liveBytes / appended;
            if (live < share) {
                most = segment;
                share = live;
            }
        }
        return most;
    }

    /** Whether the live items of one segment fit into what is left of another. */
    private boolean fitsLive(LogSegment from, LogSegment to) {
        long values = 0;
        long heap = 0;
        for (int i = 0; i < from.count(); i++) {
            LogItem it = current(from, i);
            if (it != null) {
                values += it.recordBytes();
                heap += it.heapBytes();
            }
        }
        return to.writePosition + values <= to.size() && to.heapBytes + heap <= segmentSize;
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

    /**
     * The item of a segment's {@code i}th record if that record is still the item's, else null
     * (replaced, deleted or moved since: counted out already, under the append lock).
     */
    private LogItem current(LogSegment segment, int i) {
        LogItem it = segment.item(i);
        return it.segment == segment && it.offset == segment.offset(i) && !it.isFreed() ? it : null;
    }

    /**
     * Moves the still-live items of a segment to the end of another, each in place (readers of an
     * item being moved read again); every record left behind is dead. What they count stays.
     */
    private void compactInto(LogSegment from, LogSegment to) {
        for (int i = 0; i < from.count(); i++) {
            LogItem it = current(from, i);
            if (it == null) {
                continue;
            }
            // a touch changes a record's expiry under the append lock, so the copy has it
            int offset = to.writePosition;
            MemorySegment.copy(from.memory, it.offset, to.memory, offset, it.recordBytes());
            entered(to, it, it.heapBytes(), it.length);
            it.move(to, offset, it.length, it.flags);
        }
    }

    private void evictAll(LogSegment segment) {
        for (int i = 0; i < segment.count(); i++) {
            LogItem it = current(segment, i);
            if (it != null && index.remove(it) && it.markFreed()) {
                itemBytes.add(-it.bytes());
                evicted.accept(it.key);
            }
        }
    }
}
