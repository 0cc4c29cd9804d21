package org.mlos.cluster.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.mem.api.CountsEntry;
import org.mlos.mem.api.FlushEntry;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreStats;

import com.hazelcast.map.IMap;

/**
 * A node's items merged into the shared map (a swap to {@code hazelcast}). Not emptied first, as a
 * local store would be: other nodes serve from it. What this import added is remembered, so that
 * a rollback (or a copy started over) takes back exactly that. A delayed {@code flush_all} pending
 * on the node (a {@link FlushEntry}, sent before the items) is the node's alone: it is not set on
 * the shared map, which would flush the other nodes' items too; instead each item of the node
 * stored before the flush time expires at it, which is what the flush would have done to it.
 */
final class SharedMapImport implements EntryImport {

    private final IMap<String, byte[]> map;
    private final ValueCipher cipher;
    private final Set<String> added = ConcurrentHashMap.newKeySet();
    private volatile long pendingFlush;
    /** Where the node's counters sent beside the items go: its own hazelcast store's, not the map's. */
    private final NodeCounters counters;
    private final long capacity;
    /** The member's evictions before the items came: those since are the import's. */
    private final long evictedBefore;

    SharedMapImport(IMap<String, byte[]> map, ValueCipher cipher, NodeCounters counters, long capacity) {
        this.map = map;
        this.cipher = cipher;
        this.counters = counters;
        this.capacity = capacity;
        this.evictedBefore = counters.counted(NodeCounters.MAP_EVICTIONS);
    }

    /** The count last said: the counters come at the copy's end and again at the last replay. */
    private long said;

    /**
     * Takes on the node's counters, which come after its items: what the map evicted for them is
     * kept, and said (carried over, it went uncounted, and a swap that kept 85,284 of 400,000
     * items said nothing).
     */
    private void carry(StoreStats carried) {
        // from the map's own count, not the carried one: counted again at the second carry, it doubled
        long evicted = counters.counted(NodeCounters.MAP_EVICTIONS) - evictedBefore;
        counters.carry(carried);
        counters.add("evictions", counters.mapEvictionsNotHandedOver());
        carriedEntries = carried.entries();
        if (evicted > 0 && evicted != said) {
            said = evicted;
            System.getLogger(HazelcastStore.class.getName()).log(System.Logger.Level.WARNING, evictedWords(evicted));
        }
    }

    private volatile long carriedEntries;

    private String evictedWords(long evicted) {
        return "the shared map evicted " + evicted + " items of this member's while this node's " + carriedEntries
                + " items moved in: a member holds " + (capacity >> 20) + " MB of the map's items"
                + " (mlos.mem.store.capacity.mb, -m), its own and the backups it keeps of the others' together; give every"
                + " node a larger -m to keep more";
    }

    /**
     * The evictions, in the swap's note too: a cluster swap that evicted 214,620 items said
     * COMPLETED and nothing else; only the nodes' logs had the WARNING.
     */
    @Override
    public String detail() {
        long evicted = counters.counted(NodeCounters.MAP_EVICTIONS) - evictedBefore;
        return evicted > 0 ? evictedWords(evicted) : null;
    }

    @Override
    public void put(StateEntry entry) {
        if (entry instanceof FlushEntry flush) {
            pendingFlush = flush.atMillis();
            return;
        }
        if (entry instanceof CountsEntry counts) {
            carry(counts.counts());
            return;
        }
        StoreEntry e = (StoreEntry) entry;
        long now = System.currentTimeMillis();
        long expires = e.expiresAt();
        long f = pendingFlush;
        if (f != 0 && e.storedAt() < f && (expires == KeyValueStore.NEVER || expires > f)) {
            expires = f;
        }
        map.set(e.key(), cipher.seal(e.key(), Item.encode(e.value(), e.flags(), expires, e.cas(), e.storedAt())),
                HazelcastStore.ttl(expires, now), TimeUnit.MILLISECONDS);
        added.add(e.key());
    }

    @Override
    public void remove(Object key) {
        map.delete((String) key);
        added.remove(key);
    }

    @Override
    public void clear() {
        for (String k : added) {
            map.delete(k);
        }
        added.clear();
    }

    @Override
    public void abort() {
        clear();
    }
}
