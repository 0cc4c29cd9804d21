package org.mlos.mem.store.log;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.mlos.core.api.Kernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;
import org.mlos.mem.store.IndexedStore;
import org.mlos.mem.store.offheap.OffHeapStoreConfig;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code log}: an append-only off-heap log with compaction. Every write appends the value to the
 * head segment (a bump of a pointer, no size classes, no fragmentation inside a segment);
 * overwritten and deleted values stay behind as garbage. When no segment is free, a sealed
 * segment is reclaimed: the one with the least live share is compacted (its live items copied
 * on) if less than half of it is live, else the oldest is evicted whole.
 *
 * <p>The trade-off against {@code slab}: writes are cheaper and memory is never stranded in the
 * wrong size class, but eviction is first-in first-out by segment (an item read a moment ago can
 * go), and memory held by garbage is only given back a segment at a time.
 *
 * <p>The index (keys, metadata) lives on the heap, so the budget covers both: the segments
 * reserved plus what the items appended to them keep on the heap, live or garbage, never exceed
 * the capacity. A new segment is reserved only while it fits beside that, and each head may
 * keep on the heap only what the budget leaves (its size at most), so a head of small items
 * fills and rolls like one of large values.
 */
@Component(service = KeyValueStore.class, property = Kernel.IMPL + "=log",
        configurationPid = "org.mlos.mem.store.log",
        // prototype: a node can host separate instances for other nodes (remote kinds)
        scope = ServiceScope.PROTOTYPE)
@Designate(ocd = OffHeapStoreConfig.class)
public final class LogStore extends IndexedStore<LogItem> {

    static final long MIN_SEGMENT = 1L << 20;
    static final long MAX_SEGMENT = 4L << 20;

    private final AtomicLong compactions = new AtomicLong();
    private final ReentrantLock appendLock = new ReentrantLock();
    private volatile int segmentSize; // volatile: a resize lays the log out again
    private volatile int maxSegments;

    // Guarded by appendLock.
    private int allocated;
    private final ArrayDeque<LogSegment> free = new ArrayDeque<>();
    private final ArrayDeque<LogSegment> sealed = new ArrayDeque<>();
    private LogSegment head;
    private LogSegment spare;
    /** What the items of every segment keep on the heap, garbage included. */
    private long heapBytes;

    /** For DS. */
    public LogStore() {
    }

    /** For plain Java and tests. */
    public LogStore(long capacityBytes) {
        init(capacityBytes);
    }

    @Activate
    void activate(BundleContext context, OffHeapStoreConfig config) {
        init(nodeCapacity(config.capacity_mb(), context));
    }

    @Deactivate
    void deactivate() {
        discardAll();
        releaseMemory();
    }

    /**
     * Growing raises the limits in place (more segments of the size the store started with: what
     * reserves segments and sizes a head reads them under the append lock); shrinking lays the
     * store out again, its items kept as far as they fit (see {@link #relayout}).
     */
    @Override
    protected void changeCapacity(long capacityBytes) {
        check(capacityBytes);
        appendLock.lock();
        try {
            if (capacityBytes >= capacity) {
                capacity = capacityBytes;
                maxSegments = (int) (capacityBytes / segmentSize);
                return;
            }
        } finally {
            appendLock.unlock();
        }
        relayout(capacityBytes, this::init);
    }

    private static long segmentFor(long capacityBytes) {
        return Math.max(MIN_SEGMENT, Math.min(MAX_SEGMENT, (capacityBytes / 16) & ~((1L << 20) - 1)));
    }

    private static void check(long capacityBytes) {
        long seg = segmentFor(capacityBytes);
        if (capacityBytes < 3 * seg) {
            throw new IllegalArgumentException("a log store needs at least three " + (seg >> 20)
                    + " MB segments, got " + capacityBytes + " bytes");
        }
    }

    private void init(long capacityBytes) {
        check(capacityBytes);
        long seg = segmentFor(capacityBytes);
        capacity = capacityBytes;
        segmentSize = (int) seg;
        maxSegments = (int) (capacityBytes / seg);
    }

    /** Off-heap memory taken: segments times their size. Never above the capacity. */
    public long reservedBytes() {
        appendLock.lock();
        try {
            return (long) allocated * segmentSize;
        } finally {
            appendLock.unlock();
        }
    }

    @Override
    public long heldBytes() {
        appendLock.lock();
        try {
            return held();
        } finally {
            appendLock.unlock();
        }
    }

    /** Caller holds the append lock. */
    private long held() {
        return (long) allocated * segmentSize + heapBytes;
    }

    /** Segments compacted so far. */
    long compactions() {
        return compactions.get();
    }

    // ---- reads ------------------------------------------------------------------------------

    @Override
    protected StoreEntry lookup(String key) {
        while (true) {
            LogItem it = index.get(key);
            if (it == null) {
                return null;
            }
            byte[] value = new byte[it.length];
            try {
                MemorySegment.copy(it.segment.memory, ValueLayout.JAVA_BYTE, it.offset, value, 0, value.length);
            } catch (IllegalStateException closed) {
                if (index.get(key) == it) {
                    index.remove(key, it);
                }
                continue;
            }
            VarHandle.acquireFence();
            if (it.isFreed()) {
                if (index.remove(key, it)) {
                    return null; // freed yet still indexed: never left there on purpose; do not spin on it
                }
                continue; // relocated, evicted or replaced while copying: read again
            }
            return new StoreEntry(key, value, it.flags, it.expiresAt, it.cas, it.storedAt);
        }
    }

    @Override
    protected StoreEntry copyOut(StoreEntry e) {
        return e;
    }

    // ---- writes -----------------------------------------------------------------------------

    @Override
    protected void store(StoreEntry e) {
        byte[] value = e.value();
        if (value.length > segmentSize) {
            throw new StoreFullException("value of " + value.length + " bytes is larger than a log segment ("
                    + segmentSize + " bytes)");
        }
        long heap = LogItem.heapBytes(e.key());
        LogItem old;
        appendLock.lock();
        try {
            while (head == null || !head.fits(value.length, heap)) {
                roll(); // a compacted head may still lack room for a large value
            }
            LogItem it = append(head, e.key(), value, e.flags(), e.expiresAt(), e.cas(), e.storedAt());
            // Indexed before the lock goes: another store may seal and reclaim this segment
            // next, and an item reclaimed before it was indexed would be indexed freed.
            bytes.addAndGet(it.bytes());
            old = index.put(e.key(), it);
        } finally {
            appendLock.unlock();
        }
        if (old != null) {
            free(old);
        }
    }

    private LogItem append(LogSegment target, String key, byte[] value, int flags, long expiresAt, long cas,
            long storedAt) {
        MemorySegment.copy(value, 0, target.memory, ValueLayout.JAVA_BYTE, target.writePosition, value.length);
        return appended(target, key, value.length, flags, expiresAt, cas, storedAt);
    }

    /** Records an item whose value was just written at the target's write position. */
    private LogItem appended(LogSegment target, String key, int length, int flags, long expiresAt, long cas,
            long storedAt) {
        LogItem it = new LogItem(key, target, target.writePosition, length, flags, expiresAt, cas, storedAt);
        target.writePosition += length;
        target.items.add(it);
        target.heapBytes += it.heapBytes();
        heapBytes += it.heapBytes();
        target.liveBytes.addAndGet(it.bytes());
        return it;
    }

    /** Empties a segment whose items are all freed. Caller holds the append lock. */
    private void reset(LogSegment segment) {
        heapBytes -= segment.heapBytes;
        segment.reset();
    }

    /** Seals the head and opens the next one. Caller holds the append lock. */
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
        if (!free.isEmpty()) {
            next = free.poll();
        } else if (allocated < maxSegments && held() + segmentSize + segmentSize / 2 <= capacity) {
            next = newSegment();
        } else {
            next = reclaim();
        }
        while (capacity - held() < segmentSize / 2 && !(sealed.isEmpty() && free.isEmpty())) {
            if (free.isEmpty()) {
                makeRoom(next);
            } else {
                release(free.poll()); // items need the room more than the log needs the segment
            }
        }
        next.heapLimit = next.heapBytes + Math.max(0, Math.min(segmentSize - next.heapBytes, capacity - held()));
        return next;
    }

    /**
     * A segment to write to when none is free: the sealed one most of which is garbage,
     * compacted into the spare, else the oldest, evicted.
     */
    private LogSegment reclaim() {
        LogSegment garbage = mostGarbage();
        if (garbage != null) {
            sealed.remove(garbage);
            LogSegment target = spare;
            compactInto(garbage, target);
            reset(garbage);
            spare = garbage;
            compactions.incrementAndGet();
            return target;
        }
        LogSegment oldest = sealed.pollFirst();
        if (oldest == null) {
            throw new StoreFullException("log store full: no segment to reclaim");
        }
        evictAll(oldest);
        reset(oldest);
        return oldest;
    }

    /**
     * Frees heap for the next head: moves the live items of the segment most of which is
     * garbage into it, if they fit, else evicts the oldest segment.
     */
    private void makeRoom(LogSegment next) {
        LogSegment garbage = mostGarbage();
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
     * The sealed segment with the smallest live share, if less than half of it is live: where
     * compaction frees the most. Eviction stays first-in first-out.
     */
    private LogSegment mostGarbage() {
        LogSegment most = null;
        double share = 0.5;
        for (LogSegment segment : sealed) {
            long appended = segment.appendedBytes();
            double live = appended == 0 ? 0 : (double) segment.liveBytes.get() / appended;
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
        for (LogItem it : from.items) {
            if (!it.isFreed() && index.get(it.key) == it) {
                values += it.length;
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

    /** Moves the still-live items of a segment to the end of another; every item left behind is dead. */
    private void compactInto(LogSegment from, LogSegment to) {
        for (LogItem it : from.items) {
            if (!it.isFreed() && index.get(it.key) == it) {
                MemorySegment.copy(from.memory, it.offset, to.memory, to.writePosition, it.length);
                LogItem moved = appended(to, it.key, it.length, it.flags, it.expiresAt, it.cas, it.storedAt);
                if (index.replace(it.key, it, moved)) {
                    moved.expiresAt = it.expiresAt; // a touch that raced the move
                    bytes.addAndGet(moved.bytes());
                } else {
                    moved.markFreed();
                    to.liveBytes.addAndGet(-moved.bytes());
                }
            }
            if (it.markFreed()) {
                bytes.addAndGet(-it.bytes());
            }
        }
    }

    private void evictAll(LogSegment segment) {
        for (LogItem it : segment.items) {
            boolean evicted = index.remove(it.key, it);
            if (it.markFreed()) {
                bytes.addAndGet(-it.bytes());
                if (evicted) {
                    evicted(it.key);
                }
            }
        }
    }

    private void free(LogItem it) {
        if (it.markFreed()) {
            bytes.addAndGet(-it.bytes());
            it.segment.liveBytes.addAndGet(-it.bytes());
        }
    }

    @Override
    protected void updateExpiry(StoreEntry entry, long expiresAt) {
        while (true) {
            LogItem it = index.get(entry.key());
            if (it == null) {
                return;
            }
            it.expiresAt = expiresAt;
            if (index.get(entry.key()) == it) {
                return; // not relocated meanwhile
            }
        }
    }

    @Override
    protected boolean discard(String key) {
        LogItem it = index.remove(key);
        if (it == null) {
            return false;
        }
        free(it);
        return true;
    }

    @Override
    protected void discardAll() {
        for (var e : index.entrySet()) {
            if (index.remove(e.getKey(), e.getValue())) {
                free(e.getValue());
            }
        }
    }

    @Override
    protected void releaseMemory() {
        appendLock.lock();
        try {
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
        } finally {
            appendLock.unlock();
        }
    }
}
