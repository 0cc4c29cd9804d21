package org.mlos.mem.store.heap;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.mlos.core.api.Kernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;
import org.mlos.mem.store.AbstractStore;
import org.mlos.mem.store.Capacity;
import org.mlos.mem.store.ItemCost;
import org.mlos.mem.store.StoreConfig;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code heap}: items on the Java heap, in segments that are each an access-ordered map with
 * its own lock and its share of the budget. Eviction is exact LRU within a segment. The simplest
 * store and the fastest to read; every value is a heap object the garbage collector traces.
 *
 * <p>An item counts what it holds on the heap ({@link #cost}): with empty values and short keys
 * that is three times what key and value alone would say.
 */
@Component(service = KeyValueStore.class, property = Kernel.IMPL + "=heap",
        configurationPid = "org.mlos.mem.store.heap",
        // prototype: a node can host separate instances for other nodes (remote kinds)
        scope = ServiceScope.PROTOTYPE)
@Designate(ocd = StoreConfig.class)
public final class HeapStore extends AbstractStore {

    /** Segments get at least this much of the budget, so that a 1 MB value always fits one. */
    static final long MIN_SEGMENT_BYTES = 2L << 20;
    static final int MAX_SEGMENTS = 64;
    /** A {@link StoreEntry}: header, flags, three longs, two references. */
    static final int ENTRY = 48;

    private Segment[] segments;
    private long capacity;

    /** For DS. */
    public HeapStore() {
    }

    /** For plain Java and tests. */
    public HeapStore(long capacityBytes) {
        init(capacityBytes);
    }

    @Activate
    void activate(BundleContext context, StoreConfig config) {
        init(Capacity.bytes(config.capacity_mb(), context, StoreConfig.CAPACITY_PROPERTY,
                StoreConfig.DEFAULT_CAPACITY_MB));
    }

    private void init(long capacityBytes) {
        this.capacity = capacityBytes;
        int n = (int) Math.max(1, Math.min(MAX_SEGMENTS, capacityBytes / MIN_SEGMENT_BYTES));
        n = Integer.highestOneBit(n);
        segments = new Segment[n];
        for (int i = 0; i < n; i++) {
            segments[i] = new Segment(capacityBytes / n);
        }
    }

    /** One lock, one LRU map, one share of the budget. */
    private static final class Segment {
        final LinkedHashMap<String, StoreEntry> map = new LinkedHashMap<>(64, 0.75f, true);
        final long budget;
        long bytes;

        Segment(long budget) {
            this.budget = budget;
        }
    }

    /** An item's bytes on the heap: entry, map node, table slot, key, value array. */
    static long cost(StoreEntry e) {
        return ENTRY + ItemCost.LINKED_NODE + ItemCost.TABLE_SLOT + ItemCost.key(e.key())
                + ItemCost.byteArray(e.value().length);
    }

    /**
     * The segment by the mixed hash's upper bits: each segment's map spreads its keys by the low
     * bits of the plain hash, which must not be the ones that chose the segment.
     */
    private Segment segment(String key) {
        return segments[((key.hashCode() * 0x9E3779B9) >>> 16) & (segments.length - 1)];
    }

    @Override
    protected Object stripe(String key) {
        return segment(key);
    }

    @Override
    protected StoreEntry lookup(String key) {
        Segment s = segment(key);
        synchronized (s) {
            return s.map.get(key);
        }
    }

    @Override
    protected void store(StoreEntry e) {
        Segment s = segment(e.key());
        long size = cost(e);
        synchronized (s) {
            if (size > s.budget) {
                throw new StoreFullException("item of " + size + " bytes does not fit a heap store segment of "
                        + s.budget + " bytes (capacity " + capacity + ")");
            }
            StoreEntry old = s.map.remove(e.key());
            if (old != null) {
                s.bytes -= cost(old);
            }
            Iterator<StoreEntry> lru = s.map.values().iterator();
            while (s.bytes + size > s.budget && lru.hasNext()) {
                s.bytes -= cost(lru.next());
                lru.remove();
                counters.evictions.increment();
            }
            s.map.put(e.key(), e);
            s.bytes += size;
        }
    }

    @Override
    protected boolean discard(String key) {
        Segment s = segment(key);
        synchronized (s) {
            StoreEntry old = s.map.remove(key);
            if (old == null) {
                return false;
            }
            s.bytes -= cost(old);
            return true;
        }
    }

    @Override
    protected void discardAll() {
        for (Segment s : segments) {
            synchronized (s) {
                s.map.clear();
                s.bytes = 0;
            }
        }
    }

    @Override
    protected void forEachEntry(Consumer<StoreEntry> sink) {
        for (Segment s : segments) {
            List<StoreEntry> copy;
            synchronized (s) {
                copy = new ArrayList<>(s.map.values());
            }
            copy.forEach(sink);
        }
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
            synchronized (s) {
                total += s.map.size();
            }
        }
        return total;
    }

    @Override
    public long capacityBytes() {
        return capacity;
    }

    /** Entries per segment, for tests of the LRU. */
    Map<String, StoreEntry> segmentOf(String key) {
        return segment(key).map;
    }
}
