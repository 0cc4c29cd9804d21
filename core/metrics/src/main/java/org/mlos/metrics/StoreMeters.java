package org.mlos.metrics;

import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreStats;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The key-value store's figures, read once per refresh through the kind's handle (whichever
 * implementation serves): items, bytes against capacity, and the memcached-style counters.
 */
final class StoreMeters extends StatsMeters<StoreStats> {

    static final String READS = "reads of the store, by result: hit (the key found) or miss";

    StoreMeters(KeyValueStore store, MeterRegistry registry) {
        super(store::stats);
        gauge(registry, "mlos.store.items", "items held", StoreStats::entries);
        gauge(registry, "mlos.store.bytes", "bytes held: keys, values and per-item overhead", StoreStats::bytes);
        gauge(registry, "mlos.store.capacity.bytes", "the store's budget", StoreStats::capacityBytes);
        // one HELP line for both series (Prometheus keeps the first): it must fit result="miss" too
        counter(registry, "mlos.store.gets", "hit", READS, StoreStats::getHits);
        counter(registry, "mlos.store.gets", "miss", READS, StoreStats::getMisses);
        counter(registry, "mlos.store.sets", null, "writes", StoreStats::sets);
        counter(registry, "mlos.store.evictions", null, "items evicted to stay within capacity", StoreStats::evictions);
    }
}
