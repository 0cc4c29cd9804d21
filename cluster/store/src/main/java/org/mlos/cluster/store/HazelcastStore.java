package org.mlos.cluster.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.mlos.cluster.api.Cluster;
import org.mlos.cluster.api.ClusterProperties;
import org.mlos.core.api.Kernel;
import org.mlos.core.settings.Settings;
import org.mlos.core.state.EntryExport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;
import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.Counter;
import org.mlos.mem.api.CountsEntry;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.MemProperties;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreStats;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.flakeidgen.FlakeIdGenerator;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryEvictedListener;

/**
 * {@code hazelcast}: the store on a cluster map ({@code mlos.cluster.store.map}, default
 * {@value #DEFAULT_MAP}), shared by every node that serves from it. Each read-modify-write is a
 * compare-and-set on the whole item, retried until it wins, so concurrent writers on many nodes
 * never lose an update; CAS uniques come from a cluster-wide id generator. Expired items leave the
 * map through Hazelcast's TTL, flushed ones on first touch, and past the capacity
 * ({@code mlos.mem.store.capacity.mb} per member, default 256) the least recently used go.
 *
 * <p>Swapping a node's store to {@code hazelcast} merges the node's items into the shared map
 * (the map is not emptied: other nodes serve from it); swapping away copies the shared items into
 * the node's local store and leaves the map to the others.
 */
// immediate: it counts its member's evictions from the node's start, whichever store serves (open())
@Component(service = KeyValueStore.class, immediate = true, property = {Kernel.IMPL + "=hazelcast", Kernel.WHERE + "=cluster"})
public final class HazelcastStore implements KeyValueStore, Transferable {

    static final String DEFAULT_MAP = ClusterProperties.DEFAULT_STORE_MAP;

    private IMap<String, byte[]> map;
    private FlakeIdGenerator ids;
    private long capacity;
    private SharedFlushTime flushAt;
    private final NodeCounters counters = new NodeCounters();

    /** For DS. */
    public HazelcastStore() {
    }

    /** For plain Java and tests. */
    public HazelcastStore(HazelcastInstance instance, String mapName, long capacityBytes) {
        this(instance, mapName, capacityBytes, null);
    }

    /**
     * For plain Java and tests: {@code valueKey} (32 bytes) encrypts the items, null leaves them
     * plain. How the map evicts and backs up is the instance's configuration (a node's member
     * declares it from its start).
     */
    public HazelcastStore(HazelcastInstance instance, String mapName, long capacityBytes, byte[] valueKey) {
        cipher = new ValueCipher(valueKey);
        open(instance, mapName, capacityBytes);
    }

    @Reference
    private HazelcastInstance instance;

    @Reference
    private Cluster cluster;

    private ValueCipher cipher;

    static final String ENCRYPTION = ClusterProperties.STORE_ENCRYPTION;

    @Activate
    void activate(BundleContext context) {
        Settings settings = Settings.of(context);
        boolean encrypt = settings.choice(ENCRYPTION, "on", "on", "off").equals("on");
        cipher = new ValueCipher(encrypt ? cluster.derivedKey("store").orElse(null) : null);
        open(instance, settings.text(ClusterProperties.STORE_MAP, DEFAULT_MAP),
                settings.number(MemProperties.STORE_CAPACITY_MB, ClusterProperties.DEFAULT_STORE_CAPACITY_MB, 1,
                        Integer.MAX_VALUE) << 20);
    }

    private void open(HazelcastInstance hz, String mapName, long capacityBytes) {
        StoreMaps maps = StoreMaps.open(hz, mapName);
        map = maps.items();
        ids = maps.ids();
        capacity = capacityBytes;
        flushAt = new SharedFlushTime(maps.meta());
        // the items this member's capacity evicts ("evictions 0" after a swap that kept 85,284 of
        // 400,000), also while another store serves the node: another node's swap into the map evicts
        // here too, and a member whose node had not swapped yet counted none (15-18% of them)
        evictionListener = map.addLocalEntryListener((EntryEvictedListener<String, byte[]>) e -> {
            counters.count("evictions");
            counters.count(NodeCounters.MAP_EVICTIONS);
        });
    }

    private java.util.UUID evictionListener;

    @Deactivate
    void deactivate() {
        try {
            flushAt.close();
            map.removeEntryListener(evictionListener);
        } catch (RuntimeException clusterGone) {
            // nothing to undo
        }
    }

    // ---- items --------------------------------------------------------------------------------

    private boolean live(StoreEntry e, long now) {
        return e != null && e.liveAt(now, flushAt.at());
    }

    /** The live item under a key with its raw bytes, or null; a dead one is removed on the way. */
    private Current current(String key, long now) {
        Object stored;
        try {
            stored = ((IMap<String, ?>) map).get(key);
        } catch (com.hazelcast.nio.serialization.HazelcastSerializationException undeserializable) {
            count("unreadable");
            return null; // no node writes one; anyone who knows the cluster name can
        }
        if (stored == null) {
            return null;
        }
        if (!(stored instanceof byte[] raw)) {
            count("unreadable");
            return null; // no node writes one; anyone who knows the cluster name can
        }
        byte[] item = cipher.open(key, raw);
        if (item == null) {
            count("unreadable");
            return null; // not sealed with this cluster's key: a stranger's write, or altered
        }
        StoreEntry e = Item.decode(key, item);
        if (!live(e, now)) {
            map.remove(key, raw);
            count("reclaimed");
            return null;
        }
        return new Current(raw, e);
    }

    private record Current(byte[] raw, StoreEntry entry) {
    }

    private long put(String key, byte[] value, int flags, long expiresAt, long now, byte[] expected) {
        long cas = ids.newId();
        byte[] item = cipher.seal(key, Item.encode(value, flags, expiresAt, cas, now));
        boolean done;
        if (expected == null) {
            done = map.putIfAbsent(key, item, ttl(expiresAt, now), TimeUnit.MILLISECONDS) == null;
        } else {
            done = map.replace(key, expected, item);
            if (done && expiresAt != NEVER) {
                map.setTtl(key, ttl(expiresAt, now), TimeUnit.MILLISECONDS);
            }
        }
        if (!done) {
            return 0;
        }
        count("sets");
        count("totalItems");
        return cas;
    }

    static long ttl(long expiresAt, long now) {
        return expiresAt == NEVER ? 0 : Math.max(1, expiresAt - now);
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private void count(String name) {
        counters.count(name);
    }

    // ---- KeyValueStore --------------------------------------------------------------------------

    @Override
    public StoreEntry get(String key) {
        Current c = current(key, now());
        count(c == null ? "getMisses" : "getHits");
        return c == null ? null : c.entry();
    }

    @Override
    public StoreEntry touchAndGet(String key, long expiresAt) {
        StoreEntry e = retouch(key, expiresAt);
        count(e == null ? "touchMisses" : "touchHits");
        count(e == null ? "getMisses" : "getHits");
        return e;
    }

    /** Gives a live item a new expiry time; the item after, or null if there is none. */
    private StoreEntry retouch(String key, long expiresAt) {
        while (true) {
            long now = now();
            Current c = current(key, now);
            if (c == null) {
                return null;
            }
            StoreEntry e = c.entry();
            byte[] item = cipher.seal(key, Item.encode(e.value(), e.flags(), expiresAt, e.cas(), e.storedAt()));
            if (map.replace(key, c.raw(), item)) {
                map.setTtl(key, ttl(expiresAt, now), TimeUnit.MILLISECONDS);
                return new StoreEntry(key, e.value(), e.flags(), expiresAt, e.cas(), e.storedAt());
            }
        }
    }

    @Override
    public long set(String key, byte[] value, int flags, long expiresAt) {
        long now = now();
        long cas = ids.newId();
        map.set(key, cipher.seal(key, Item.encode(value, flags, expiresAt, cas, now)), ttl(expiresAt, now),
                TimeUnit.MILLISECONDS);
        count("sets");
        count("totalItems");
        return cas;
    }

    @Override
    public long add(String key, byte[] value, int flags, long expiresAt) {
        while (true) {
            long now = now();
            Current c = current(key, now);
            if (c != null) {
                return 0;
            }
            long cas = put(key, value, flags, expiresAt, now, null);
            if (cas != 0) {
                return cas;
            }
        }
    }

    @Override
    public long replace(String key, byte[] value, int flags, long expiresAt) {
        while (true) {
            long now = now();
            Current c = current(key, now);
            if (c == null) {
                return 0;
            }
            long cas = put(key, value, flags, expiresAt, now, c.raw());
            if (cas != 0) {
                return cas;
            }
        }
    }

    @Override
    public CasResult compareAndSet(String key, byte[] value, int flags, long expiresAt, long expectedCas) {
        while (true) {
            long now = now();
            Current c = current(key, now);
            if (c == null) {
                count("casMisses");
                return CasResult.NOT_FOUND;
            }
            if (c.entry().cas() != expectedCas) {
                count("casBadValue");
                return CasResult.EXISTS;
            }
            long cas = put(key, value, flags, expiresAt, now, c.raw());
            if (cas != 0) {
                count("casHits");
                return CasResult.stored(cas);
            }
        }
    }

    @Override
    public long append(String key, byte[] suffix) {
        return concat(key, suffix, true, Long.MAX_VALUE);
    }

    @Override
    public long prepend(String key, byte[] prefix) {
        return concat(key, prefix, false, Long.MAX_VALUE);
    }

    @Override
    public long append(String key, byte[] suffix, long maxLength) {
        return concat(key, suffix, true, maxLength);
    }

    @Override
    public long prepend(String key, byte[] prefix, long maxLength) {
        return concat(key, prefix, false, maxLength);
    }

    /** The joined value replaces the one it was joined with, or the join is made again: never past {@code maxLength}. */
    private long concat(String key, byte[] part, boolean atEnd, long maxLength) {
        while (true) {
            long now = now();
            Current c = current(key, now);
            if (c == null || (long) c.entry().value().length + part.length > maxLength) {
                return 0;
            }
            StoreEntry e = c.entry();
            long cas = put(key, e.valueJoinedWith(part, !atEnd), e.flags(), e.expiresAt(), now, c.raw());
            if (cas != 0) {
                return cas;
            }
        }
    }

    @Override
    public Counter increment(String key, long delta) {
        return arithmetic(key, delta, true);
    }

    @Override
    public Counter decrement(String key, long delta) {
        return arithmetic(key, delta, false);
    }

    private Counter arithmetic(String key, long delta, boolean up) {
        while (true) {
            long now = now();
            Current c = current(key, now);
            if (c == null) {
                count(up ? "incrMisses" : "decrMisses");
                return null;
            }
            StoreEntry e = c.entry();
            long result = Counter.apply(Counter.parse(e.value()), delta, up);
            byte[] text = Long.toUnsignedString(result).getBytes(StandardCharsets.US_ASCII);
            long cas = put(key, text, e.flags(), e.expiresAt(), now, c.raw());
            if (cas != 0) {
                count(up ? "incrHits" : "decrHits");
                return new Counter(result, cas);
            }
        }
    }

    @Override
    public boolean touch(String key, long expiresAt) {
        boolean hit = retouch(key, expiresAt) != null;
        count(hit ? "touchHits" : "touchMisses");
        return hit;
    }

    @Override
    public boolean delete(String key) {
        while (true) {
            Current c = current(key, now());
            if (c == null) {
                count("deleteMisses");
                return false;
            }
            if (map.remove(key, c.raw())) {
                count("deleteHits");
                return true;
            }
        }
    }

    @Override
    public void flushAll(long atMillis) {
        long now = now();
        long at = Math.max(atMillis, 1);
        flushAt.set(at);
        if (atMillis <= now) {
            map.clear();
        }
    }

    @Override
    public long size() {
        return map.size();
    }

    @Override
    public long capacityBytes() {
        return capacity;
    }

    /**
     * Refused: the limit is the eviction size of the shared map's configuration, fixed for the
     * whole cluster when the first node configures the map (Hazelcast cannot change the
     * configuration of a map that exists), so one node cannot change it alone.
     */
    @Override
    public void resize(long capacityBytes) {
        throw new UnsupportedOperationException("the distributed store's capacity (" + (capacity >> 20)
                + " MB a member) is fixed by its Hazelcast map's configuration when the cluster first creates it;"
                + " change it with mlos.mem.store.capacity.mb on every node and restart the cluster, or swap to a"
                + " local store (heap, lru, slab, log) and resize that");
    }

    @Override
    public StoreStats stats() {
        return counters.stats(map.size(), map.getLocalMapStats().getOwnedEntryMemoryCost(), capacity);
    }

    // ---- state transfer -----------------------------------------------------------------------

    @Override
    public List<String> exportFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    @Override
    public List<String> importFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    /** The shared items, read while this node (and others) keep serving; the map stays as it is. */
    @Override
    public StateExport exportState(String format) {
        return new EntryExport() {
            @Override
            public void forEach(Consumer<? super StateEntry> sink) {
                long now = now();
                SharedMapItems.forEach(map, (key, raw) -> {
                    byte[] opened = cipher.open(key, raw);
                    StoreEntry item = opened == null ? null : Item.decode(key, opened);
                    if (live(item, now)) {
                        sink.accept(item);
                    }
                });
            }

            @Override
            public StateEntry entry(Object key) {
                Current c = current((String) key, now());
                return c == null ? null : c.entry();
            }

            /** This node's counters, for the store swapped in to go on from. */
            @Override
            public void forEachBeside(Consumer<? super StateEntry> sink) {
                sink.accept(new CountsEntry(counters.handOver(stats())));
            }
        };
    }

    /** A node's items merged into the shared map ({@link SharedMapImport}). */
    @Override
    public StateImport importState(String format) {
        return new SharedMapImport(map, cipher, counters, capacity);
    }
}
