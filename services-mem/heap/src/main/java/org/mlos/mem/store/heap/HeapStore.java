package org.mlos.mem.store.heap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.mlos.core.api.Kernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.MemProperties;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;
import org.mlos.mem.api.ValueReader;
import org.mlos.mem.store.AbstractStore;
import org.mlos.mem.store.ItemCost;
import org.mlos.mem.store.ReclaimWalk;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code heap}: items on the Java heap in segments, each with its own index ({@link ItemTable}, read
 * without a lock), a lock for writes and its share of the budget. Eviction is CLOCK (second
 * chance) within a segment: a segment keeps its items in the order they were stored, a read only
 * sets the item's referenced bit, and eviction passes over a referenced item once, clearing the
 * bit, before it evicts it. That approximates LRU without a write to shared links on every read
 * (an access-ordered map under a lock cost a read two thirds of its time, most of it relinking).
 *
 * <p>The hot paths are its own, not {@link AbstractStore}'s: a get ({@link #read}, {@link #get})
 * reads the item's fields whole without a lock and makes no entry object; a set writes the value
 * into the key's item in place, under the segment's lock only. The other operations go through
 * {@link AbstractStore}, over {@link #lookup} and {@link #store}.
 *
 * <p>An item counts what it holds on the heap ({@link #cost}): with empty values and short keys
 * that is three times what key and value alone would say.
 */
@Component(service = KeyValueStore.class, property = Kernel.IMPL + "=heap",
        configurationPid = "org.mlos.mem.store.heap",
        // prototype: a node can host separate instances for other nodes (remote kinds)
        scope = ServiceScope.PROTOTYPE)
@Designate(ocd = HeapStoreConfig.class)
public final class HeapStore extends AbstractStore {

    /** Segments get at least this much of the budget, so that a 1 MB value always fits one. */
    static final long MIN_SEGMENT_BYTES = 2L << 20;
    static final int MAX_SEGMENTS = 64;
    /** memcached's longest key. */
    private static final String LONGEST_KEY = "k".repeat(250);
    private Segment[] segments;
    /**
     * Each segment's index, as readers reach it: not through the segment, whose lock word and
     * byte count every set writes, so a get on one core does not miss on a line a set on another
     * core has just taken (that cost a get more than its own lookup).
     */
    private ItemTable[] indexes;
    /** Each segment's check, raised while an operation reads a key's item to write on it. */
    private SegmentChecks checks;
    private volatile long capacity;

    /** For DS. */
    public HeapStore() {
    }

    /** For plain Java and tests. */
    public HeapStore(long capacityBytes) {
        this(capacityBytes, MemProperties.DEFAULT_STORE_ITEM_MAX);
    }

    /** For plain Java and tests: a store one of whose segments holds a value of {@code largestItem} bytes. */
    public HeapStore(long capacityBytes, long largestItem) {
        init(capacityBytes, largestItem);
    }

    @Activate
    void activate(BundleContext context, HeapStoreConfig config) {
        init(nodeCapacity(config.capacity_mb(), context), nodeLargestItem(context));
    }

    /**
     * As many segments as the budget has shares of at least 2 MB and of the largest item with
     * the longest key, up to 64: an item larger than its segment's share cannot be stored.
     */
    private void init(long capacityBytes, long largestItem) {
        this.capacity = capacityBytes;
        long share = Math.max(MIN_SEGMENT_BYTES, cost(LONGEST_KEY, (int) Math.min(Integer.MAX_VALUE - 64, largestItem)));
        int n = (int) Math.max(1, Math.min(MAX_SEGMENTS, capacityBytes / share));
        n = Integer.highestOneBit(n);
        Segment[] all = new Segment[n];
        ItemTable[] idx = new ItemTable[n];
        for (int i = 0; i < n; i++) {
            all[i] = new Segment(capacityBytes / n, i);
            idx[i] = all[i].index;
        }
        segments = all;
        indexes = idx;
        checks = new SegmentChecks(n);
    }

    /** An item's bytes on the heap: item (its own index node), table slot, key, value array. */
    static long cost(String key, int valueLength) {
        return HeapItem.OBJECT + ItemCost.TABLE_SLOT + ItemCost.key(key)
                + ItemCost.byteArray(valueLength);
    }

    /** A key's segment number: the mixed hash's upper bits, not the low bits the index spreads keys by. */
    private static int slot(String key, int segments) {
        return slot(key.hashCode(), segments);
    }

    private static int slot(int hashCode, int segments) {
        return ((hashCode * 0x9E3779B9) >>> 16) & (segments - 1);
    }

    private Segment segment(String key) {
        Segment[] all = segments;
        return all[slot(key, all.length)];
    }

    @Override
    protected Object stripe(String key) {
        return segment(key);
    }

    /**
     * Raises the segment's check before the operation reads its key's item: a same-size set that
     * takes the item's lock after this sees it and waits for the segment's lock; one that took it
     * before holds it while it writes, and the operation's read waits for the write to finish.
     */
    @Override
    protected void checking(Object stripe) {
        checks.raise(((Segment) stripe).number);
    }

    @Override
    protected void checked(Object stripe) {
        checks.lower(((Segment) stripe).number);
    }

    /** The item of a key, marked as read (its second chance), or null. */
    private HeapItem item(String key) {
        int h = key.hashCode();
        ItemTable[] idx = indexes;
        HeapItem it = idx[slot(h, idx.length)].get(key, ItemTable.spread(h));
        if (it != null && !it.referenced) {
            it.referenced = true; // written only when it changes: a read does not dirty a shared line
        }
        return it;
    }

    @Override
    protected StoreEntry lookup(String key) {
        HeapItem it = item(key);
        return it == null ? null : it.snapshot();
    }

    /**
     * The server's get: the value handed to the reader where it lies, no entry made, no copy; the
     * item's fields read whole without a lock ({@link HeapItem#beginRead}).
     *
     * <p>Kept small on purpose: only the common case (an item without expiry, no delayed flush
     * pending, no writer overlapping the read) is here; a miss, an expiry or flush to check and a
     * read to retry go to {@link #readRarely}. Whole, C2 compiled this to about 3.4 KB, over
     * {@code InlineSmallCode}, so the caller called it ("already compiled into a big method")
     * rather than inlining it, and a get paid for the call and lost the overlap of its memory
     * misses with the caller's work.
     */
    @Override
    public boolean read(String key, ValueReader reader) {
        int h = key.hashCode();
        ItemTable[] idx = indexes;
        HeapItem it = idx[slot(h, idx.length)].get(key, ItemTable.spread(h));
        if (it != null) {
            int v = it.version;
            byte[] value = it.value;
            int flags = it.flags;
            long cas = it.cas;
            long expiresAt = it.expiresAt;
            // no clock read: an item without expiry is visible unless a delayed flush is pending
            if (expiresAt == NEVER && !flushPending() && (v & 1) == 0 && it.validate(v)) {
                if (!it.referenced) {
                    it.referenced = true; // written only when it changes: a read does not dirty a shared line
                }
                countGet(true);
                reader.read(value, 0, value.length, flags, cas);
                return true;
            }
        }
        return readRarely(it, reader);
    }

    /** {@link #read} of a missing item, one with an expiry time, while a flush is pending or a writer overlapped. */
    private boolean readRarely(HeapItem it, ValueReader reader) {
        if (it != null) {
            if (!it.referenced) {
                it.referenced = true;
            }
            byte[] value;
            int flags;
            long cas;
            long expiresAt;
            long storedAt;
            int v;
            do {
                v = it.beginRead();
                value = it.value();
                flags = it.flags();
                cas = it.cas();
                expiresAt = it.expiresAt();
                // the store time lies in the item's cold part: read only when a flush makes it matter
                storedAt = flushPending() ? it.storedAt() : 0;
            } while (!it.validate(v));
            if (visible(expiresAt, storedAt)) {
                countGet(true);
                reader.read(value, 0, value.length, flags, cas);
                return true;
            }
            countDeadGet(expiresAt, storedAt);
        }
        countGet(false);
        return false;
    }

    /** A get: as {@link #read}, the value copied out for the caller (one entry made, not a snapshot and a copy of it). */
    @Override
    public StoreEntry get(String key) {
        HeapItem it = item(key);
        if (it != null) {
            byte[] value;
            int flags;
            long expiresAt;
            long cas;
            long storedAt;
            int v;
            do {
                v = it.beginRead();
                value = it.value();
                flags = it.flags();
                expiresAt = it.expiresAt();
                cas = it.cas();
                storedAt = it.storedAt();
            } while (!it.validate(v));
            if (visible(expiresAt, storedAt)) {
                countGet(true);
                return new StoreEntry(it.key, value.clone(), flags, expiresAt, cas, storedAt);
            }
            countDeadGet(expiresAt, storedAt);
        }
        countGet(false);
        return null;
    }

    /**
     * A set without an entry object: the value goes into the key's item in place, under the item's
     * lock alone when the byte count stays as it was, else under the segment's lock (a new item,
     * or one whose size changes, which may need room).
     */
    @Override
    public long set(String key, byte[] value, int flags, long expiresAt) {
        byte[] own = value.clone();
        long size = cost(key, own.length);
        int h = key.hashCode();
        countSet();
        // The clock before any lock: a lock is held for less, and a set is stored at a time
        // within its own call either way.
        long now = now();
        // The common case of a cache, a key set again with a value of the same size: in place
        // under the item's lock alone. The segment's lock word and byte count, which every set
        // of the segment's keys would write, stay on the core that has them.
        ItemTable[] idx = indexes;
        int segment = slot(h, idx.length);
        HeapItem it = idx[segment].get(key, ItemTable.spread(h));
        int v;
        if (it != null && it.cost == size && (v = it.lockIfCost((int) size)) >= 0) {
            // The item locked first, then the segment's checks read: an operation that read the
            // item to write on it either raised its check before (seen here: the set takes the
            // segment's lock) or reads the item after it is unlocked (see checking).
            if (!checks.raised(segment)) {
                long c = nextCas(); // under the item's lock: a key's uniques rise in the order of its writes
                it.write(own, flags, expiresAt, c, now);
                it.unlock(v);
                return c;
            }
            it.unlockUnchanged(v);
        }
        Segment s = segments[segment];
        synchronized (s) {
            return put(s, key, own, flags, expiresAt, 0, now, size);
        }
    }

    @Override
    protected void store(StoreEntry e) {
        Segment s = segment(e.key());
        long size = cost(e.key(), e.value().length);
        synchronized (s) {
            put(s, e.key(), e.value(), e.flags(), e.expiresAt(), e.cas(), e.storedAt(), size);
        }
    }

    /**
     * Stores a value under the segment's lock: into the key's item if it has one, else into a new
     * item, evicting what must go to make room. {@code cas} 0 takes a new unique. Returns the unique.
     */
    private long put(Segment s, String key, byte[] value, int flags, long expiresAt, long cas, long storedAt, long size) {
        if (size > s.budget) {
            throw new StoreFullException("item of " + size + " bytes does not fit a heap store segment of "
                    + s.budget + " bytes (capacity " + capacity + ")");
        }
        HeapItem it = s.index.get(key);
        if (it == null) {
            long c = cas != 0 ? cas : nextCas();
            evictUntil(s, s.budget - size, null);
            it = new HeapItem(key, value, flags, expiresAt, c, storedAt, (int) size);
            s.index.add(it);
            s.append(it);
            s.bytes += size;
            return c;
        }
        long c = cas != 0 ? cas : nextCas();
        s.bytes -= it.cost;
        evictUntil(s, s.budget - size, it);
        s.bytes += it.cost; // replace takes it off again
        replace(s, it, value, flags, expiresAt, c, storedAt, size);
        return c;
    }

    /**
     * The item takes the new value and metadata in place: it keeps its index node and the index's
     * key string, and stays where it is in the CLOCK order with a second chance, as a fresh item
     * would be safe from the next eviction; no index write, no relinking of its neighbours. Under
     * the segment's lock, with room made.
     */
    private static void replace(Segment s, HeapItem it, byte[] value, int flags, long expiresAt, long cas,
            long storedAt, long size) {
        s.bytes += size - it.cost;
        it.set(value, flags, expiresAt, cas, storedAt, (int) size);
    }

    /** A new expiry time in place (touch, gat); under the key's stripe lock. */
    @Override
    protected void updateExpiry(StoreEntry entry, long expiresAt) {
        Segment s = segment(entry.key());
        synchronized (s) {
            HeapItem it = s.index.get(entry.key());
            if (it != null) {
                it.expiresAt(expiresAt);
            }
        }
    }

    /**
     * Evicts in CLOCK order until the segment's items take at most {@code room} bytes, sparing
     * {@code keep} (an item being replaced) and giving read items a second chance. Caller holds
     * the segment's monitor.
     */
    private void evictUntil(Segment s, long room, HeapItem keep) {
        while (s.bytes > room) {
            HeapItem victim = s.head;
            if (victim == null || victim == keep && victim.next == null) {
                break; // nothing left to evict
            }
            s.unlink(victim);
            if (victim.referenced || victim == keep) {
                victim.referenced = false;
                s.append(victim);
            } else {
                s.index.remove(victim);
                s.bytes -= victim.cost;
                evicted(victim.key);
            }
        }
    }

    /**
     * Each segment takes its share of the new budget, a shrinking one evicting until it fits. The
     * number of segments stays as the store started with, so below that many times 2 MB the
     * largest item that fits is the smaller share (a 1 MB value needs a share of at least 1 MB
     * plus overhead).
     */
    @Override
    protected void changeCapacity(long capacityBytes) {
        checkHeapRoom(capacityBytes, "heap");
        long share = capacityBytes / segments.length;
        if (share < 1) {
            throw new IllegalArgumentException("a heap store of " + segments.length + " segments needs at least "
                    + segments.length + " bytes, asked for " + capacityBytes);
        }
        capacity = capacityBytes;
        for (Segment s : segments) {
            synchronized (s) {
                s.budget = share;
                evictUntil(s, share, null);
            }
        }
    }

    @Override
    protected boolean discard(String key) {
        Segment s = segment(key);
        synchronized (s) {
            HeapItem old = s.index.get(key);
            if (old == null) {
                return false;
            }
            s.index.remove(old);
            s.unlink(old);
            s.bytes -= old.cost;
            old.retire(); // after its cost is counted off
            return true;
        }
    }

    @Override
    protected void discardAll() {
        for (Segment s : segments) {
            synchronized (s) {
                s.index.clear();
                s.head = null;
                s.tail = null;
                s.bytes = 0;
            }
        }
    }

    /**
     * Each segment's items taken under its lock, then passed on without it (the sink may call the
     * store): weakly consistent across segments, but no item present throughout is missed, as a
     * walk over a table that a writer grows meanwhile could miss it.
     */
    @Override
    protected void forEachEntry(Consumer<StoreEntry> sink) {
        for (Segment s : segments) {
            List<StoreEntry> items;
            synchronized (s) {
                items = new ArrayList<>(s.index.size());
                s.index.forEach(it -> items.add(it.snapshot()));
            }
            items.forEach(sink);
        }
    }

    /** A reclaim walk goes a segment at a time: up to 64 parts, some 64 k items each in a 1 GB store of 4 M items. */
    @Override
    public int reclaimParts() {
        return segments.length;
    }

    /**
     * The segment's dead keys, taken under its lock, each item read whole as a lock-free reader
     * reads it (a same-size set writes in place without the segment's lock), then passed on
     * without the lock, as {@link #forEachEntry} does.
     */
    @Override
    protected void walkPart(long now, int part, ReclaimWalk walk) {
        Segment s = segments[part];
        List<String> dead = new ArrayList<>();
        synchronized (s) {
            s.index.forEach(it -> {
                StoreEntry e = it.snapshot();
                if (liveAt(e.expiresAt(), e.storedAt(), now)) {
                    walk.item(e.keyLength(), e.value().length, e.flags(), e.storedAt());
                } else {
                    dead.add(it.key);
                }
            });
        }
        dead.forEach(walk::dead);
    }

    @Override
    protected long bytesUsed() {
        long total = 0;
        for (Segment s : segments) {
            synchronized (s) {
                total += s.bytes;
            }
        }
        return total;
    }

    @Override
    public long size() {
        long total = 0;
        for (Segment s : segments) {
            total += s.index.size();
        }
        return total;
    }

    @Override
    public long capacityBytes() {
        return capacity;
    }
}
