package org.mlos.mem.store;

import org.mlos.core.reps.PerCoreCounterSet;
import org.mlos.mem.api.StoreStats;

/**
 * A store's counters, striped by thread ({@link StripedCounts}), so that counting neither contends nor shares lines.
 *
 * <p>The counters of every get and set ({@link #hit}, {@link #miss}, {@link #set}) add to the per-core
 * set directly, without a {@link StripedCounts.Count} and a {@link StripedCounts} between: each is a
 * dependent load on the get path, which C2 cannot fold (instance fields). {@code total_items} is
 * {@code cmd_set}: every store counted both, always together, so a set added twice for one figure.
 */
public final class StoreCounters {

    private static final int SETS = 0;
    private static final int GET_HITS = 1;
    private static final int GET_MISSES = 2;

    private final PerCoreCounterSet cells = new PerCoreCounterSet(18);
    private final StripedCounts counts = new StripedCounts(cells);

    final StripedCounts.Count getHits = new StripedCounts.Count(counts, GET_HITS);
    final StripedCounts.Count getMisses = new StripedCounts.Count(counts, GET_MISSES);
    final StripedCounts.Count sets = new StripedCounts.Count(counts, SETS);
    final StripedCounts.Count deleteHits = new StripedCounts.Count(counts, 3);
    final StripedCounts.Count deleteMisses = new StripedCounts.Count(counts, 4);
    final StripedCounts.Count incrHits = new StripedCounts.Count(counts, 5);
    final StripedCounts.Count incrMisses = new StripedCounts.Count(counts, 6);
    final StripedCounts.Count decrHits = new StripedCounts.Count(counts, 7);
    final StripedCounts.Count decrMisses = new StripedCounts.Count(counts, 8);
    final StripedCounts.Count casHits = new StripedCounts.Count(counts, 9);
    final StripedCounts.Count casMisses = new StripedCounts.Count(counts, 10);
    final StripedCounts.Count casBadValue = new StripedCounts.Count(counts, 11);
    final StripedCounts.Count touchHits = new StripedCounts.Count(counts, 12);
    final StripedCounts.Count touchMisses = new StripedCounts.Count(counts, 13);
    /** Items evicted to make room; implementations count their own evictions here. */
    public final StripedCounts.Count evictions = new StripedCounts.Count(counts, 14);
    /** Expired items whose memory was taken back. */
    public final StripedCounts.Count reclaimed = new StripedCounts.Count(counts, 15);
    /** Gets that met their item expired ({@code get_expired}) or flushed ({@code get_flushed}). */
    final StripedCounts.Count getExpired = new StripedCounts.Count(counts, 16);
    final StripedCounts.Count getFlushed = new StripedCounts.Count(counts, 17);

    /** A get that found a live item ({@code get_hits}). */
    void hit() {
        cells.add(GET_HITS, 1);
    }

    /** A get that found none ({@code get_misses}). */
    void miss() {
        cells.add(GET_MISSES, 1);
    }

    /** A set, which stores an item ({@code cmd_set} and {@code total_items}). */
    void set() {
        cells.add(SETS, 1);
    }

    /**
     * Takes on the counters of the store this one replaces ({@link org.mlos.mem.api.CountsEntry}), in
     * place of its own: a store swapped in again must not add what it counted when it served before.
     * Called while the store imports, so before it serves: no add races the reset. The items this
     * store evicted to take the import in are added to the evictions carried: a store that holds
     * fewer items within the same capacity (log against heap) had dropped them uncounted.
     */
    void carry(StoreStats from, long evictedByImport) {
        long[] values = { from.sets(), from.getHits(), from.getMisses(), from.deleteHits(), from.deleteMisses(),
                from.incrHits(), from.incrMisses(), from.decrHits(), from.decrMisses(), from.casHits(), from.casMisses(),
                from.casBadValue(), from.touchHits(), from.touchMisses(), Math.max(0, from.evictions()) + evictedByImport,
                from.reclaimed(), from.getExpired(), from.getFlushed() };
        for (int which = 0; which < values.length; which++) {
            cells.reset(which);
            cells.add(which, Math.max(0, values[which])); // -1: a store that did not count it
        }
    }

    StoreStats snapshot(long entries, long bytes, long capacity) {
        long sets = this.sets.sum();
        return new StoreStats(entries, bytes, capacity, sets, getHits.sum(), getMisses.sum(), sets,
                deleteHits.sum(), deleteMisses.sum(), incrHits.sum(), incrMisses.sum(), decrHits.sum(),
                decrMisses.sum(), casHits.sum(), casMisses.sum(), casBadValue.sum(), touchHits.sum(),
                touchMisses.sum(), evictions.sum(), reclaimed.sum(), getExpired.sum(), getFlushed.sum());
    }
}
