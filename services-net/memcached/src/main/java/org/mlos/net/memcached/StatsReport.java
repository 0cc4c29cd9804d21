package org.mlos.net.memcached;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreStats;

/** The {@code stats} command's figures, for both protocols: general ones and memcached's usual groups. */
final class StatsReport {

    private final Operations ops;
    private final Settings settings;

    /**
     * The server settings the {@code settings} group shows; {@code shutdown} and
     * {@code authentication} say whether those are on now.
     */
    record Settings(String host, int port, int maxConnections, int threads, BooleanSupplier shutdown,
            BooleanSupplier authentication) {
    }

    /**
     * The store's running totals (total_items, evictions, reclaimed, get_expired, get_flushed) at the last {@code stats
     * reset}: memcached counts those from a reset as it does its own counters, but they are the
     * store's, which this server does not reset.
     */
    private volatile long[] storeAtReset = new long[5];

    private final GeneralStats general;
    private final SettingsStats settingsStats;
    /** The port the server listens on, once known (0 asks for any free port). */
    private volatile int listeningPort;

    StatsReport(Operations ops, Settings settings) {
        this.ops = ops;
        this.settings = settings;
        this.general = new GeneralStats(ops, settings);
        this.settingsStats = new SettingsStats(ops, settings);
        this.listeningPort = settings.port();
    }

    void listeningOn(int port) {
        listeningPort = port;
    }

    int port() {
        return listeningPort;
    }

    /** {@code stats reset}. */
    void reset() {
        StoreStats st = ops.store.stats();
        ops.stats.reset();
        storeAtReset = new long[] { st.totalItems(), st.evictions(), st.reclaimed(), Math.max(0, st.getExpired()),
                Math.max(0, st.getFlushed()) };
    }

    /** The figures of a group ({@code null} or empty for the general ones); null for an unknown group. */
    List<String[]> group(String group, List<String[]> connections) {
        if (group == null || group.isEmpty()) {
            return general.lines(storeAtReset);
        }
        switch (group) {
            case "settings":
                return settingsStats.lines(listeningPort);
            case "items":
                return items();
            case "slabs":
                return slabs();
            case "sizes":
                return List.<String[]>of(pair("sizes_status", "disabled"));
            case "extstore":
                return List.of(); // memcached without external storage configured: no lines, END
            case "conns":
                return connections;
            default:
                return null;
        }
    }

    private static String[] pair(String name, Object value) {
        return new String[] { name, String.valueOf(value) };
    }

    /**
     * {@code stats items}, memcached's lines for each class in use. The stores keep no slab
     * classes and no per-class counts, so every item is counted in the class memcached would
     * give the store's average item; figures the stores do not keep (LRU segments, ages, crawler
     * counts) are 0.
     */
    private List<String[]> items() {
        StoreStats st = ops.store.stats();
        List<String[]> out = new ArrayList<>();
        if (st.entries() <= 0) {
            return out;
        }
        String p = "items:" + averageClass(st) + ":";
        out.add(pair(p + "number", st.entries()));
        for (String zero : new String[] { "number_hot", "number_warm" }) {
            out.add(pair(p + zero, 0));
        }
        out.add(pair(p + "number_cold", st.entries()));
        for (String zero : new String[] { "age_hot", "age_warm", "age" }) {
            out.add(pair(p + zero, 0));
        }
        out.add(pair(p + "mem_requested", st.entries() * averageItemSize(st)));
        long[] atReset = storeAtReset;
        out.add(pair(p + "evicted", Math.max(0, st.evictions() - atReset[1]))); // from the last stats reset, as in stats
        for (String zero : new String[] { "evicted_nonzero", "evicted_time", "outofmemory", "tailrepairs" }) {
            out.add(pair(p + zero, 0));
        }
        out.add(pair(p + "reclaimed", Math.max(0, st.reclaimed() - atReset[2])));
        for (String zero : new String[] { "expired_unfetched", "evicted_unfetched", "evicted_active" }) {
            out.add(pair(p + zero, 0));
        }
        out.add(pair(p + "crawler_reclaimed", ops.stats.crawlerReclaimed.sum()));
        for (String zero : new String[] {
                "crawler_items_checked", "lrutail_reflocked", "moves_to_cold", "moves_to_warm", "moves_within_lru",
                "direct_reclaims", "hits_to_hot", "hits_to_warm" }) {
            out.add(pair(p + zero, 0));
        }
        out.add(pair(p + "hits_to_cold", ops.stats.getHits.sum()));
        out.add(pair(p + "hits_to_temp", 0));
        return out;
    }

    /** {@code stats slabs}, memcached's lines, with the items counted as in {@link #items()}. */
    private List<String[]> slabs() {
        StoreStats st = ops.store.stats();
        ServerStats s = ops.stats;
        List<String[]> out = new ArrayList<>();
        long pages = 0;
        if (st.entries() > 0) {
            int cls = averageClass(st);
            int perPage = SlabClasses.chunksPerPage(cls);
            pages = (st.entries() + perPage - 1) / perPage;
            String p = cls + ":";
            out.add(pair(p + "chunk_size", SlabClasses.chunkSize(cls)));
            out.add(pair(p + "chunks_per_page", perPage));
            out.add(pair(p + "total_pages", pages));
            out.add(pair(p + "total_chunks", pages * perPage));
            out.add(pair(p + "used_chunks", st.entries()));
            out.add(pair(p + "free_chunks", pages * perPage - st.entries()));
            out.add(pair(p + "free_chunks_end", 0));
            out.add(pair(p + "get_hits", s.getHits.sum()));
            out.add(pair(p + "cmd_set", s.cmdSet.sum()));
            out.add(pair(p + "delete_hits", s.deleteHits.sum()));
            out.add(pair(p + "incr_hits", s.incrHits.sum()));
            out.add(pair(p + "decr_hits", s.decrHits.sum()));
            out.add(pair(p + "cas_hits", s.casHits.sum()));
            out.add(pair(p + "cas_badval", s.casBadValue.sum()));
            out.add(pair(p + "touch_hits", s.touchHits.sum()));
        }
        out.add(pair("active_slabs", pages > 0 ? 1 : 0));
        out.add(pair("total_malloced", pages * (1 << 20)));
        return out;
    }

    /**
     * The class of the average item in memcached's reckoning: from the sizes clients stored
     * through this server (the stores count their own per-item costs, which are not memcached's),
     * else, for items that came in by a swap, from the store's bytes less its overhead.
     */
    private int averageClass(StoreStats st) {
        return SlabClasses.classOf(averageItemSize(st));
    }

    private long averageItemSize(StoreStats st) {
        long stored = ops.stats.averageItemSize();
        if (stored > 0) {
            return stored;
        }
        long average = st.bytes() / Math.max(1, st.entries()) - StoreEntry.OVERHEAD;
        return SlabClasses.itemSize((int) Math.max(0, average), 0, 0);
    }
}
