package org.mlos.net.memcached;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code stats settings}: memcached 1.6.18's lines in its order, for each setting the node has or
 * for which a constant is the truth (no UDP, no unix socket, no TLS, no LRU maintainer or
 * segments, sizes not tracked). Settings of memcached's machinery the node does not have
 * (hash power, LRU percentages, extstore, crawler pacing, log buffers) are left out.
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

    private static String yes(boolean on) {
        return on ? "yes" : "no";
    }

    /** {@code trackingSizes}: whether {@code stats sizes_enable} is in force ({@code track_sizes}). */
    List<String[]> lines(int port, boolean trackingSizes) {
        List<String[]> out = new ArrayList<>(32);
        out.add(pair("maxbytes", ops.store.capacityBytes()));
        out.add(pair("maxconns", settings.maxConnections()));
        out.add(pair("tcpport", port));
        out.add(pair("udpport", 0));
        out.add(pair("inter", settings.host()));
        out.add(pair("verbosity", ops.tunables().verbosity()));
        out.add(pair("evictions", "on"));
        out.add(pair("domain_socket", "NULL"));
        out.add(pair("shutdown_command", yes(settings.shutdown().getAsBoolean())));
        // the class table stats slabs, stats items and me report items in (SlabClasses)
        out.add(pair("growth_factor", "1.25"));
        out.add(pair("chunk_size", 48));
        out.add(pair("num_threads", settings.threads()));
        out.add(pair("stat_key_prefix", ":"));
        out.add(pair("detail_enabled", yes(ops.prefixes.enabled())));
        out.add(pair("cas_enabled", "yes"));
        out.add(pair("binding_protocol", "auto-negotiate"));
        boolean auth = settings.authentication().getAsBoolean();
        out.add(pair("auth_enabled_sasl", yes(auth)));
        out.add(pair("auth_enabled_ascii", yes(auth)));
        out.add(pair("item_size_max", ops.limits.itemMax()));
        out.add(pair("maxconns_fast", "yes")); // over -c a client is told and closed at once
        out.add(pair("slab_reassign", "no")); // no page moves on request: slabs reassign is refused
        out.add(pair("slab_automove", ops.tunables().slabAutomove()));
        out.add(pair("flush_enabled", "yes"));
        out.add(pair("dump_enabled", "yes"));
        out.add(pair("lru_maintainer_thread", "no"));
        out.add(pair("lru_segmented", "no"));
        out.add(pair("temp_lru", "no"));
        out.add(pair("idle_timeout", 0));
        out.add(pair("track_sizes", trackingSizes ? "yes" : "no"));
        out.add(pair("ssl_enabled", "no"));
        return out;
    }
}
