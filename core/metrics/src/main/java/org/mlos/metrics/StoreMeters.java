package org.mlos.metrics;

import java.util.function.ToDoubleFunction;

import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreStats;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The key-value store's figures, read once per refresh through the kind's handle (whichever
 * implementation serves): items, bytes against capacity, and the memcached-style counters.
 */
final class StoreMeters {

    private final KeyValueStore store;
    private final java.util.List<io.micrometer.core.instrument.Meter> meters = new java.util.ArrayList<>();
    private volatile StoreStats stats;

    static final String READS = "reads of the store, by result: hit (the key found) or miss";

    StoreMeters(KeyValueStore store, MeterRegistry registry) {
        this.store = store;
        this.stats = store.stats();
        gauge(registry, "mlos.store.items", "items held", StoreStats::entries);
        gauge(registry, "mlos.store.bytes", "bytes held: keys, values and per-item overhead", StoreStats::bytes);
        gauge(registry, "mlos.store.capacity.bytes", "the store's budget", StoreStats::capacityBytes);
        // one HELP line for both series (Prometheus keeps the first): it must fit result="miss" too
        counter(registry, "mlos.store.gets", "hit", READS, StoreStats::getHits);
        counter(registry, "mlos.store.gets", "miss", READS, StoreStats::getMisses);
        counter(registry, "mlos.store.sets", null, "writes", StoreStats::sets);
        counter(registry, "mlos.store.evictions", null, "items evicted to stay within capacity", StoreStats::evictions);
    }

    void refresh() {
        stats = store.stats();
    }

    /** Takes this store's meters out of {@code registry} (the store's kind went away). */
    void remove(MeterRegistry registry) {
        meters.forEach(registry::remove);
        meters.clear();
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<StoreStats> f) {
        meters.add(Gauge.builder(name, this, m -> f.applyAsDouble(m.stats)).description(description).register(registry));
    }

    private void counter(MeterRegistry registry, String name, String result, String description,
            ToDoubleFunction<StoreStats> f) {
        FunctionCounter.Builder<StoreMeters> b = FunctionCounter.builder(name, this, m -> f.applyAsDouble(m.stats))
                .description(description);
        if (result != null) {
            b.tag("result", result);
        }
        meters.add(b.register(registry));
    }
}
