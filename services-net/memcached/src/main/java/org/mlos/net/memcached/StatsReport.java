package org.mlos.net.memcached;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import org.mlos.mem.api.StoreStats;

/** The {@code stats} command's figures, for both protocols: general ones and memcached's usual groups. */
final class StatsReport {

    private final Operations ops;
    private final Settings settings;

    /**
     * The server settings the {@code settings} group shows; {@code shutdown} and
     * {@code authentication} say whether those are on now.
     */
    record Settings(String host, int port, int maxConnections, IntSupplier threads, IntSupplier backlog,
            BooleanSupplier shutdown, BooleanSupplier authentication) {
    }

    /**
     * The store's running totals (total_items, evictions, reclaimed, get_expired, get_flushed) at the last {@code stats
     * reset}: memcached counts those from a reset as it does its own counters, but they are the
     * store's, which this server does not reset.
     */
    private volatile long[] storeAtReset = new long[5];

    private final GeneralStats general;
    private final SettingsStats settingsStats;
    private final PerClassStats perClass;
    /** Whether {@code stats sizes} gives its histogram ({@code stats sizes_enable}); off by default, as in memcached. */
    private volatile boolean sizesEnabled;
    /** The port the server listens on, once known (0 asks for any free port). */
    private volatile int listeningPort;
    /** The unix socket listened on instead (memcached's -s), or null; and its mode (-a), memcached's default 0700 unset. */
    private volatile String socket;
    /** memcached's -l beside -s, which it prints as inter though it binds no address; null: NULL. */
    private volatile String socketInter;
    private volatile int socketMask = 0700;

    StatsReport(Operations ops, Settings settings) {
        this.ops = ops;
        this.settings = settings;
        this.general = new GeneralStats(ops, settings);
        this.settingsStats = new SettingsStats(ops, settings);
        this.perClass = new PerClassStats(ops);
        this.listeningPort = settings.port();
    }

    void listeningOn(int port) {
        listeningPort = port;
    }

    void listeningOnSocket(String path, String inter) {
        socketInter = inter;
        socket = path;
    }

    void socketMask(int mask) {
        socketMask = mask;
    }

    /** The unix socket's path, or null when the server listens on a port. */
    String socket() {
        return socket;
    }

    int port() {
        return listeningPort;
    }

    /** {@code stats reset}. */
    void reset() {
        StoreStats st = ops.store.stats();
        ops.stats.reset();
        ops.prefixes.reset();
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
                return settingsStats.lines(listeningPort, socket, socketInter, socketMask, sizesEnabled);
            case "items":
                return perClass.items(storeAtReset);
            case "slabs":
                return perClass.slabs();
            case "sizes":
                return sizesEnabled ? perClass.sizes() : List.<String[]>of(pair("sizes_status", "disabled"));
            case "sizes_enable":
            case "sizes_disable":
                sizesEnabled = group.equals("sizes_enable");
                return List.<String[]>of(pair("sizes_status", sizesEnabled ? "enabled" : "disabled"));
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
}
