package org.mlos.net.memcached;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreStats;

/**
 * memcached's per-class groups, {@code stats items}, {@code stats slabs} and {@code stats sizes}.
 * The stores keep no slab classes; the expiry crawler's last whole pass counts the live items
 * into memcached's classes ({@link ItemSizeTally}), and the current item count is spread over
 * the classes as that pass found them. Before a pass (or from a store that does not tell the
 * sizes) every item is counted in the class of the average item. Counters the stores and this
 * server keep store-wide, not per class (evictions, hits, sets…), are shown on the class holding
 * the most items, so that they add up to the general figures as memcached's do.
 */
final class PerClassStats {

    private final Operations ops;

    PerClassStats(Operations ops) {
        this.ops = ops;
    }

    /** One class's share: items now and the bytes they ask for. */
    private record Share(int slabClass, long items, long requested) {
    }

    /**
     * {@code stats items}: memcached's lines for each class in use. {@code age} is the seconds since the
     * class's oldest item was stored, as the last pass found it (memcached: since the tail of its COLD
     * LRU segment was last accessed; memcached-tool shows it as Max_age); the LRU segments' figures are 0
     * (the stores keep none: every item is cold); figures not kept at all are left out.
     */
    List<String[]> items(long[] storeAtReset) {
        StoreStats st = ops.store.stats();
        List<String[]> out = new ArrayList<>();
        List<Share> shares = shares(st);
        ItemSizeTally walk = ops.stats.lastWalk();
        long now = System.currentTimeMillis();
        int top = top(shares);
        for (Share s : shares) {
            boolean counters = s.slabClass() == top;
            String p = "items:" + s.slabClass() + ":";
            out.add(pair(p + "number", s.items()));
            out.add(pair(p + "number_hot", 0));
            out.add(pair(p + "number_warm", 0));
            out.add(pair(p + "number_cold", s.items()));
            out.add(pair(p + "age_hot", 0));
            out.add(pair(p + "age_warm", 0));
            long oldest = walk == null ? 0 : walk.oldestStoredAt(s.slabClass());
            out.add(pair(p + "age", oldest == 0 ? 0 : Math.max(0, (now - oldest) / 1000)));
            out.add(pair(p + "mem_requested", s.requested()));
            // evictions and reclaims from the last stats reset, as in stats
            out.add(pair(p + "evicted", counters ? Math.max(0, st.evictions() - storeAtReset[1]) : 0));
            // evicted_nonzero, evicted_time, expired_unfetched, evicted_unfetched: not kept, so left out
            out.add(pair(p + "outofmemory", counters ? ops.stats.storeNoMemory.sum() : 0));
            zeros(out, p, "tailrepairs"); // no reference counts to leak, none to repair
            out.add(pair(p + "reclaimed", counters ? Math.max(0, st.reclaimed() - storeAtReset[2]) : 0));
            zeros(out, p, "evicted_active");
            out.add(pair(p + "crawler_reclaimed", counters ? ops.stats.crawlerReclaimed.sum() : 0));
            out.add(pair(p + "crawler_items_checked", counters ? ops.stats.crawlerItemsChecked.sum() : 0));
            zeros(out, p, "lrutail_reflocked", "moves_to_cold", "moves_to_warm",
                    "moves_within_lru", "direct_reclaims", "hits_to_hot", "hits_to_warm");
            out.add(pair(p + "hits_to_cold", counters ? ops.stats.getHits.sum() : 0));
            out.add(pair(p + "hits_to_temp", 0));
        }
        return out;
    }

    /** {@code stats slabs}: memcached's lines for each class in use, pages as memcached would need them for those items. */
    List<String[]> slabs() {
        StoreStats st = ops.store.stats();
        ServerStats s = ops.stats;
        List<String[]> out = new ArrayList<>();
        List<Share> shares = shares(st);
        int top = top(shares);
        long allPages = 0;
        for (Share share : shares) {
            int cls = share.slabClass();
            boolean counters = cls == top;
            int perPage = SlabClasses.chunksPerPage(cls);
            long pages = (share.items() + perPage - 1) / perPage;
            allPages += pages;
            String p = cls + ":";
            out.add(pair(p + "chunk_size", SlabClasses.chunkSize(cls)));
            out.add(pair(p + "chunks_per_page", perPage));
            out.add(pair(p + "total_pages", pages));
            out.add(pair(p + "total_chunks", pages * perPage));
            out.add(pair(p + "used_chunks", share.items()));
            out.add(pair(p + "free_chunks", pages * perPage - share.items()));
            out.add(pair(p + "free_chunks_end", 0));
            out.add(pair(p + "get_hits", counters ? s.getHits.sum() : 0));
            out.add(pair(p + "cmd_set", counters ? s.cmdSet.sum() : 0));
            out.add(pair(p + "delete_hits", counters ? s.deleteHits.sum() : 0));
            out.add(pair(p + "incr_hits", counters ? s.incrHits.sum() : 0));
            out.add(pair(p + "decr_hits", counters ? s.decrHits.sum() : 0));
            out.add(pair(p + "cas_hits", counters ? s.casHits.sum() : 0));
            out.add(pair(p + "cas_badval", counters ? s.casBadValue.sum() : 0));
            out.add(pair(p + "touch_hits", counters ? s.touchHits.sum() : 0));
        }
        out.add(pair("active_slabs", shares.size()));
        out.add(pair("total_malloced", allPages * (1 << 20)));
        return out;
    }

    /**
     * {@code stats sizes} while enabled: the live items per 32-byte bucket of memcached's item
     * size, as the crawler's last whole pass found them (memcached counts the items stored since
     * {@code sizes_enable}); none before a pass.
     */
    List<String[]> sizes() {
        ItemSizeTally walk = ops.stats.lastWalk();
        List<String[]> out = new ArrayList<>();
        if (walk != null) {
            for (Map.Entry<Long, Long> b : walk.buckets().entrySet()) {
                out.add(pair(String.valueOf(b.getKey()), b.getValue()));
            }
        }
        return out;
    }

    /**
     * The classes in use and their items now: the last pass's shares scaled to the current count
     * by largest remainder (each class its share rounded down, the items left over one each to
     * the classes with the largest fractions), so that they add up to the count exactly; or
     * every item in the average item's class.
     */
    private List<Share> shares(StoreStats st) {
        long now = Math.max(0, st.entries());
        List<Share> out = new ArrayList<>();
        if (now == 0) {
            return out;
        }
        ItemSizeTally walk = ops.stats.lastWalk();
        if (walk == null || walk.total() == 0) {
            long size = averageItemSize(st);
            out.add(new Share(SlabClasses.classOf(size), now, now * size));
            return out;
        }
        int classes = SlabClasses.count();
        long[] items = new long[classes + 1];
        double[] fraction = new double[classes + 1];
        long given = 0;
        for (int c = 1; c <= classes; c++) {
            double exact = (double) walk.items(c) * now / walk.total();
            items[c] = (long) exact;
            fraction[c] = exact - items[c];
            given += items[c];
        }
        for (long left = now - given; left > 0; left--) {
            int best = 0;
            for (int c = 1; c <= classes; c++) {
                if (walk.items(c) > 0 && (best == 0 || fraction[c] > fraction[best])) {
                    best = c;
                }
            }
            items[best]++;
            fraction[best] = -1; // one each
        }
        for (int c = 1; c <= classes; c++) {
            if (items[c] > 0) {
                out.add(new Share(c, items[c], Math.round((double) walk.requested(c) * items[c] / walk.items(c))));
            }
        }
        return out;
    }

    /** The class that carries the store-wide counters: the one holding the most items. */
    private static int top(List<Share> shares) {
        Share best = null;
        for (Share s : shares) {
            if (best == null || s.items() > best.items()) {
                best = s;
            }
        }
        return best == null ? 0 : best.slabClass();
    }

    /**
     * The average item's size in memcached's reckoning: from the sizes clients stored through
     * this server (the stores count their own per-item costs, which are not memcached's), else,
     * for items that came in by a swap, from the store's bytes less its overhead.
     */
    private long averageItemSize(StoreStats st) {
        long stored = ops.stats.averageItemSize();
        if (stored > 0) {
            return stored;
        }
        long average = st.bytes() / Math.max(1, st.entries()) - StoreEntry.OVERHEAD;
        return SlabClasses.itemSize((int) Math.max(0, average), 0, 0);
    }

    private static void zeros(List<String[]> out, String prefix, String... names) {
        for (String n : names) {
            out.add(pair(prefix + n, 0));
        }
    }

    private static String[] pair(String name, Object value) {
        return new String[] { name, String.valueOf(value) };
    }
}
