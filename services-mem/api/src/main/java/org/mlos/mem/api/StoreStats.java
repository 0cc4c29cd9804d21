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
 */
public record StoreStats(long entries, long bytes, long capacityBytes, long totalItems, long getHits,
        long getMisses, long sets, long deleteHits, long deleteMisses, long incrHits, long incrMisses,
        long decrHits, long decrMisses, long casHits, long casMisses, long casBadValue, long touchHits,
        long touchMisses, long evictions, long reclaimed) {
}
