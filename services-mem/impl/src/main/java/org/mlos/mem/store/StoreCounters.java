package org.mlos.mem.store;

import java.util.concurrent.atomic.LongAdder;

import org.mlos.mem.api.StoreStats;

/** A store's counters: one adder each, so that counting never contends. */
public final class StoreCounters {

    final LongAdder totalItems = new LongAdder();
    final LongAdder getHits = new LongAdder();
    final LongAdder getMisses = new LongAdder();
    final LongAdder sets = new LongAdder();
    final LongAdder deleteHits = new LongAdder();
    final LongAdder deleteMisses = new LongAdder();
    final LongAdder incrHits = new LongAdder();
    final LongAdder incrMisses = new LongAdder();
    final LongAdder decrHits = new LongAdder();
    final LongAdder decrMisses = new LongAdder();
    final LongAdder casHits = new LongAdder();
    final LongAdder casMisses = new LongAdder();
    final LongAdder casBadValue = new LongAdder();
    final LongAdder touchHits = new LongAdder();
    final LongAdder touchMisses = new LongAdder();
    /** Items evicted to make room; implementations count their own evictions here. */
    public final LongAdder evictions = new LongAdder();
    /** Expired items whose memory was taken back. */
    public final LongAdder reclaimed = new LongAdder();

    StoreStats snapshot(long entries, long bytes, long capacity) {
        return new StoreStats(entries, bytes, capacity, totalItems.sum(), getHits.sum(), getMisses.sum(), sets.sum(),
                deleteHits.sum(), deleteMisses.sum(), incrHits.sum(), incrMisses.sum(), decrHits.sum(),
                decrMisses.sum(), casHits.sum(), casMisses.sum(), casBadValue.sum(), touchHits.sum(),
                touchMisses.sum(), evictions.sum(), reclaimed.sum());
    }
}
