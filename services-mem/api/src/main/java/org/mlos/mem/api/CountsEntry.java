package org.mlos.mem.api;

import org.mlos.core.state.StateEntry;

/**
 * A store's running counters, carried by the entries state format beside the items
 * ({@link org.mlos.core.state.EntryExport#forEachBeside}), so that the store swapped in goes on
 * counting where the one before stopped: memcached's {@code total_items},
 * {@code evictions} and the rest never go back without a restart, and an exporter reading them as
 * counters would see a swap as a reset. Only the counters of {@link #counts} travel; its gauges
 * (entries, bytes, capacity) are the importing store's own.
 *
 * <p>A store that cannot take them on ignores the entry (the cluster's {@code hazelcast} store takes
 * them: its counters count the node's own operations), and a durable journal does not keep it:
 * after a restart the counters start from zero, as memcached's do.
 *
 * @param counts the exporting store's {@link KeyValueStore#stats()} when the kernel asked
 * @since 1.11
 */
public record CountsEntry(StoreStats counts) implements StateEntry {

    public CountsEntry {
        if (counts == null) {
            throw new IllegalArgumentException("a counts entry carries a store's statistics, not null");
        }
    }

    @Override
    public Object key() {
        return null;
    }

    @Override
    public long bytes() {
        return 0;
    }
}
