package org.mlos.mem.api;

/**
 * A store's statistics since it started (counters) and now (gauges), named after memcached's.
 *
 * @param entries       items held now ({@code curr_items})
 * @param bytes         bytes the items take now, keys and values and per-item overhead ({@code bytes})
 * @param capacityBytes the memory budget ({@code limit_maxbytes})
 * @param totalItems    items stored since start ({@code total_items})
 * @param getHits       {@code get_hits}
 * @param getMisses     {@code get_misses}
 * @param sets          store operations ({@code cmd_set})
 * @param deleteHits    {@code delete_hits}
 * @param deleteMisses  {@code delete_misses}
 * @param incrHits      {@code incr_hits}
 * @param incrMisses    {@code incr_misses}
 * @param decrHits      {@code decr_hits}
 * @param decrMisses    {@code decr_misses}
 * @param casHits       {@code cas_hits}
 * @param casMisses     {@code cas_misses}
 * @param casBadValue   {@code cas_badval}
 * @param touchHits     {@code touch_hits}
 * @param touchMisses   {@code touch_misses}
 * @param evictions     items evicted to make room ({@code evictions})
 * @param reclaimed     expired items whose memory was reused ({@code reclaimed})
 * @param getExpired    gets (get, read, touchAndGet) that met their item expired ({@code get_expired});
 *                      -1 for a store that does not count them
 * @param getFlushed    gets that met their item hidden by a flush ({@code get_flushed}); -1 if not counted
 */
public record StoreStats(long entries, long bytes, long capacityBytes, long totalItems, long getHits,
        long getMisses, long sets, long deleteHits, long deleteMisses, long incrHits, long incrMisses,
        long decrHits, long decrMisses, long casHits, long casMisses, long casBadValue, long touchHits,
        long touchMisses, long evictions, long reclaimed, long getExpired, long getFlushed) {

    /** The figures of a store that does not count gets meeting dead items (API 1.5 and before). */
    public StoreStats(long entries, long bytes, long capacityBytes, long totalItems, long getHits,
            long getMisses, long sets, long deleteHits, long deleteMisses, long incrHits, long incrMisses,
            long decrHits, long decrMisses, long casHits, long casMisses, long casBadValue, long touchHits,
            long touchMisses, long evictions, long reclaimed) {
        this(entries, bytes, capacityBytes, totalItems, getHits, getMisses, sets, deleteHits, deleteMisses, incrHits,
                incrMisses, decrHits, decrMisses, casHits, casMisses, casBadValue, touchHits, touchMisses, evictions,
                reclaimed, -1, -1);
    }

    /** Whether the store counts gets meeting expired and flushed items. */
    public boolean countsDeadGets() {
        return getExpired >= 0 && getFlushed >= 0;
    }
}
