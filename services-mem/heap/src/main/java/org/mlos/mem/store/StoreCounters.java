package org.mlos.mem.store;

import org.mlos.mem.api.StoreStats;

/** A store's counters, striped by thread ({@link StripedCounts}), so that counting neither contends nor shares lines. */
public final class StoreCounters {

    private final StripedCounts counts = new StripedCounts(17);

    final StripedCounts.Count totalItems = new StripedCounts.Count(counts, 0);
    final StripedCounts.Count getHits = new StripedCounts.Count(counts, 1);
    final StripedCounts.Count getMisses = new StripedCounts.Count(counts, 2);
    final StripedCounts.Count sets = new StripedCounts.Count(counts, 3);
    final StripedCounts.Count deleteHits = new StripedCounts.Count(counts, 4);
    final StripedCounts.Count deleteMisses = new StripedCounts.Count(counts, 5);
    final StripedCounts.Count incrHits = new StripedCounts.Count(counts, 6);
    final StripedCounts.Count incrMisses = new StripedCounts.Count(counts, 7);
    final StripedCounts.Count decrHits = new StripedCounts.Count(counts, 8);
    final StripedCounts.Count decrMisses = new StripedCounts.Count(counts, 9);
    final StripedCounts.Count casHits = new StripedCounts.Count(counts, 10);
    final StripedCounts.Count casMisses = new StripedCounts.Count(counts, 11);
    final StripedCounts.Count casBadValue = new StripedCounts.Count(counts, 12);
    final StripedCounts.Count touchHits = new StripedCounts.Count(counts, 13);
    final StripedCounts.Count touchMisses = new StripedCounts.Count(counts, 14);
    /** Items evicted to make room; implementations count their own evictions here. */
    public final StripedCounts.Count evictions = new StripedCounts.Count(counts, 15);
    /** Expired items whose memory was taken back. */
    public final StripedCounts.Count reclaimed = new StripedCounts.Count(counts, 16);

    StoreStats snapshot(long entries, long bytes, long capacity) {
        return new StoreStats(entries, bytes, capacity, totalItems.sum(), getHits.sum(), getMisses.sum(), sets.sum(),
                deleteHits.sum(), deleteMisses.sum(), incrHits.sum(), incrMisses.sum(), decrHits.sum(),
                decrMisses.sum(), casHits.sum(), casMisses.sum(), casBadValue.sum(), touchHits.sum(),
                touchMisses.sum(), evictions.sum(), reclaimed.sum());
    }
}
