package org.mlos.cluster.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.mlos.mem.api.StoreStats;

/**
 * The counters of one node's operations on the shared store, as any store keeps them (hits,
 * misses, sets, ...): they are this node's, not the cluster's, so they are kept here and not in
 * the map; the gauges (items, bytes) are the shared map's.
 */
final class NodeCounters {

    /** The counters {@link #carry} takes, in its order. */
    private static final List<String> CARRIED = List.of("totalItems", "sets", "getHits", "getMisses", "deleteHits",
            "deleteMisses", "incrHits", "incrMisses", "decrHits", "decrMisses", "casHits", "casMisses", "casBadValue",
            "touchHits", "touchMisses", "evictions", "reclaimed");

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** What the shared map evicted of this member's items since the store opened: never carried, unlike {@code evictions}. */
    static final String MAP_EVICTIONS = "mapEvictions";

    /** {@link #MAP_EVICTIONS} as it was when this store's counters last went to the store swapped in after it. */
    private volatile long mapEvictionsHandedOver;

    /** Notes that {@code stats}, this store's figures, go to the store swapped in: their evictions with them. */
    StoreStats handOver(StoreStats stats) {
        mapEvictionsHandedOver = counted(MAP_EVICTIONS);
        return stats;
    }

    /**
     * What the shared map evicted of this member's items that the node's counters do not hold yet:
     * those other nodes' swaps into the map made while another store served this node (counted
     * since the store opened, with the node's start), not those it carried out when it last
     * served.
     */
    long mapEvictionsNotHandedOver() {
        return counted(MAP_EVICTIONS) - mapEvictionsHandedOver;
    }

    void count(String name) {
        counts.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    void add(String name, long n) {
        counts.computeIfAbsent(name, k -> new LongAdder()).add(n);
    }

    long counted(String name) {
        LongAdder a = counts.get(name);
        return a == null ? 0 : a.sum();
    }

    /**
     * Takes on the counters of the store swapped out in place of this node's own, so that the
     * node's figures go on from where they were.
     */
    void carry(StoreStats from) {
        long[] values = { from.totalItems(), from.sets(), from.getHits(), from.getMisses(), from.deleteHits(),
                from.deleteMisses(), from.incrHits(), from.incrMisses(), from.decrHits(), from.decrMisses(),
                from.casHits(), from.casMisses(), from.casBadValue(), from.touchHits(), from.touchMisses(),
                from.evictions(), from.reclaimed() };
        for (int i = 0; i < CARRIED.size(); i++) {
            LongAdder a = new LongAdder();
            a.add(Math.max(0, values[i]));
            counts.put(CARRIED.get(i), a);
        }
    }

    /** The store's figures: the shared map's gauges beside this node's counters. */
    StoreStats stats(long entries, long bytes, long capacity) {
        return new StoreStats(entries, bytes, capacity, counted("totalItems"),
                counted("getHits"), counted("getMisses"),
                counted("sets"), counted("deleteHits"), counted("deleteMisses"), counted("incrHits"),
                counted("incrMisses"), counted("decrHits"), counted("decrMisses"), counted("casHits"),
                counted("casMisses"), counted("casBadValue"), counted("touchHits"), counted("touchMisses"),
                counted("evictions"), counted("reclaimed"));
    }
}
