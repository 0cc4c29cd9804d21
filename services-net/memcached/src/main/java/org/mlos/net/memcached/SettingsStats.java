package org.mlos.net.memcached;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code stats settings}: memcached 1.6.18's lines in its order, for each setting the node has or
 * for which a constant is the truth (no UDP, no LRU maintainer or
 * segments, no tail repair, sizes not tracked). The LRU crawler's lines say what the expiry
 * crawler is (lru_crawler) and what {@code lru_crawler sleep|tocrawl} set: exporters read them
 * (prometheus' memcached_exporter emits its crawler metrics only with {@code lru_crawler yes}).
 * Settings of memcached's machinery the node does not have (hash power and algorithm, LRU
 * percentages, temporary TTL, extstore, log buffers) are left out; the module README lists them.
 */
final class SettingsStats {

    private final Operations ops;
    private final StatsReport.Settings settings;

    SettingsStats(Operations ops, StatsReport.Settings settings) {
        this.ops = ops;
        this.settings = settings;
    }

    private static String[] pair(String name, Object value) {
        return new String[] { name, String.valueOf(value) };
    }

    /** C's {@code %.2f}: the double's exact value rounded half to even, as glibc prints it. */
    static String twoDecimals(double d) {
        if (!Double.isFinite(d)) {
            return String.valueOf(d);
        }
        return new java.math.BigDecimal(d).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String yes(boolean on) {
        return on ? "yes" : "no";
    }

    /**
     * {@code socket}: the unix socket listened on instead of the port (memcached's {@code -s}), or
     * null; {@code socketInter}: the {@code -l} given beside it, or null; {@code socketMask} its
     * mode ({@code -a}); {@code trackingSizes}: whether {@code stats sizes_enable} is in force
     * ({@code track_sizes}).
     */
    List<String[]> lines(int port, String socket, String socketInter, int socketMask, boolean trackingSizes) {
        List<String[]> out = new ArrayList<>(40);
        out.add(pair("maxbytes", ops.store.capacityBytes()));
        out.add(pair("maxconns", settings.maxConnections()));
        out.add(pair("tcpport", port));
        out.add(pair("udpport", 0));
        // with -s memcached binds no address, and prints the -l given, if any
        out.add(pair("inter", socket == null ? settings.host() : socketInter != null ? socketInter : "NULL"));
        out.add(pair("verbosity", ops.tunables().verbosity()));
        out.add(pair("evictions", "on"));
        out.add(pair("domain_socket", socket != null ? socket : "NULL"));
        out.add(pair("umask", Integer.toOctalString(socketMask))); // memcached's %o of -a, whether or not -s is given
        out.add(pair("shutdown_command", yes(settings.shutdown().getAsBoolean())));
        // the class table stats slabs, stats items and me report items in (SlabClasses)
        out.add(pair("growth_factor", "1.25"));
        out.add(pair("chunk_size", 48));
        out.add(pair("num_threads", settings.threads().getAsInt()));
        out.add(pair("stat_key_prefix", ":"));
        out.add(pair("detail_enabled", yes(ops.prefixes.enabled())));
        out.add(pair("cas_enabled", "yes"));
        int backlog = settings.backlog().getAsInt();
        if (backlog > 0) {
            out.add(pair("tcp_backlog", backlog)); // the listen backlog, as the network server gave it
        }
        out.add(pair("binding_protocol", "auto-negotiate"));
        boolean auth = settings.authentication().getAsBoolean();
        out.add(pair("auth_enabled_sasl", yes(auth)));
        out.add(pair("auth_enabled_ascii", yes(auth)));
        out.add(pair("item_size_max", ops.limits.itemMax()));
        out.add(pair("maxconns_fast", "yes")); // over -c a client is told and closed at once
        out.add(pair("slab_reassign", "no")); // no page moves on request: slabs reassign is refused
        out.add(pair("slab_automove", ops.tunables().slabAutomove()));
        out.add(pair("slab_automove_ratio", twoDecimals(ops.tunables().slabAutomoveRatio())));
        // the largest class of the table above; larger items are chained from it, as memcached's
        out.add(pair("slab_chunk_max", SlabClasses.chunkSize(SlabClasses.count())));
        out.add(pair("lru_crawler", yes(ops.stats.crawlerEnabled())));
        out.add(pair("lru_crawler_sleep", ops.tunables().crawlerSleep()));
        out.add(pair("lru_crawler_tocrawl", ops.tunables().crawlerToCrawl()));
        out.add(pair("tail_repair_time", 0)); // memcached's 0: no repair of items held by a leaked reference
        out.add(pair("flush_enabled", "yes"));
        out.add(pair("dump_enabled", "yes"));
        out.add(pair("lru_maintainer_thread", "no"));
        out.add(pair("lru_segmented", "no"));
        out.add(pair("temp_lru", "no"));
        out.add(pair("idle_timeout", 0));
        out.add(pair("track_sizes", trackingSizes ? "yes" : "no"));
        out.add(pair("inline_ascii_response", "no")); // a dead setting in 1.6, always no
        out.addAll(ops.tls().settingsLines());
        return out;
    }
}
