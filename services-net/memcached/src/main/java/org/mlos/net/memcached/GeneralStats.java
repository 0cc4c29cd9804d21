package org.mlos.net.memcached;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mlos.mem.api.StoreStats;

/**
 * {@code stats} with no group: memcached 1.6.18's lines in its order, each one this server counts
 * truthfully. A figure of memcached's machinery the node does not have is printed only where a
 * constant is the truth (no LRU maintainer: no juggles; no {@code watch} log
 * stream: the log counters are 0; connections are refused over {@code -c}, never by disabling
 * the listener: listen_disabled_num is 0); figures it does not keep (hash table, read buffers,
 * slab page moves; get_expired and get_flushed where the store does not count them) are left out
 * rather than invented. The module README lists them.
 */
final class GeneralStats {

    private final Operations ops;
    private final StatsReport.Settings settings;

    GeneralStats(Operations ops, StatsReport.Settings settings) {
        this.ops = ops;
        this.settings = settings;
    }

    private static String[] pair(String name, Object value) {
        return new String[] { name, String.valueOf(value) };
    }

    List<String[]> lines(long[] storeAtReset) {
        ServerStats s = ops.stats;
        StoreStats st = ops.store.stats();
        long now = System.currentTimeMillis();
        double[] cpu = cpuSeconds();
        List<String[]> out = new ArrayList<>(72);
        out.add(pair("pid", ProcessHandle.current().pid()));
        out.add(pair("uptime", (now - s.startedMillis) / 1000));
        out.add(pair("time", now / 1000));
        out.add(pair("version", ops.version));
        out.add(pair("pointer_size", 64));
        out.add(pair("rusage_user", String.format(Locale.ROOT, "%.6f", cpu[0])));
        out.add(pair("rusage_system", String.format(Locale.ROOT, "%.6f", cpu[1])));
        out.add(pair("max_connections", settings.maxConnections()));
        out.add(pair("curr_connections", s.currConnections.get()));
        out.add(pair("total_connections", s.totalConnections.sum()));
        out.add(pair("rejected_connections", s.rejectedConnections.sum()));
        out.add(pair("connection_structures", s.currConnections.get()));
        out.add(pair("reserved_fds", 0)); // memcached keeps descriptors back for itself; the node keeps none
        out.add(pair("cmd_get", s.cmdGet.sum()));
        out.add(pair("cmd_set", s.cmdSet.sum()));
        out.add(pair("cmd_flush", s.cmdFlush.sum()));
        out.add(pair("cmd_touch", s.cmdTouch.sum()));
        out.add(pair("cmd_meta", s.cmdMeta.sum()));
        out.add(pair("get_hits", s.getHits.sum()));
        out.add(pair("get_misses", s.getMisses.sum()));
        if (st.countsDeadGets()) { // a store that does not count them (hazelcast, API 1.5 and before): left out
            out.add(pair("get_expired", Math.max(0, st.getExpired() - storeAtReset[3])));
            out.add(pair("get_flushed", Math.max(0, st.getFlushed() - storeAtReset[4])));
        }
        out.add(pair("delete_misses", s.deleteMisses.sum()));
        out.add(pair("delete_hits", s.deleteHits.sum()));
        out.add(pair("incr_misses", s.incrMisses.sum()));
        out.add(pair("incr_hits", s.incrHits.sum()));
        out.add(pair("decr_misses", s.decrMisses.sum()));
        out.add(pair("decr_hits", s.decrHits.sum()));
        out.add(pair("cas_misses", s.casMisses.sum()));
        out.add(pair("cas_hits", s.casHits.sum()));
        out.add(pair("cas_badval", s.casBadValue.sum()));
        out.add(pair("touch_hits", s.touchHits.sum()));
        out.add(pair("touch_misses", s.touchMisses.sum()));
        out.add(pair("store_too_large", s.storeTooLarge.sum()));
        out.add(pair("store_no_memory", s.storeNoMemory.sum()));
        out.add(pair("auth_cmds", s.authCmds.sum()));
        out.add(pair("auth_errors", s.authErrors.sum()));
        out.add(pair("bytes_read", s.bytesRead.sum()));
        out.add(pair("bytes_written", s.bytesWritten.sum()));
        out.add(pair("limit_maxbytes", st.capacityBytes()));
        out.add(pair("accepting_conns", s.accepting() ? 1 : 0));
        out.add(pair("listen_disabled_num", 0));
        out.add(pair("time_in_listen_disabled_us", 0));
        out.add(pair("threads", settings.threads().getAsInt()));
        out.add(pair("conn_yields", 0)); // no -R: a connection's buffered requests are answered in one turn
        if (s.crawlerEnabled()) { // as memcached, only while its crawler runs (lru_crawler disable drops them)
            out.add(pair("lru_crawler_running", s.crawlerRunning() ? 1 : 0));
            out.add(pair("lru_crawler_starts", s.crawlerStarts.sum())); // no maintainer thread: memcached then prints no juggles either
        }
        for (String log : new String[] { "log_worker_dropped", "log_worker_written", "log_watcher_skipped",
                "log_watcher_sent", "log_watchers" }) {
            out.add(pair(log, 0));
        }
        out.addAll(ops.tls().generalLines()); // memcached's ssl_handshake_errors and time_since_server_cert_refresh, with -Z
        out.add(pair("unexpected_napi_ids", 0));
        out.add(pair("round_robin_fallback", 0));
        out.add(pair("bytes", st.bytes()));
        out.add(pair("curr_items", st.entries()));
        // a store swapped in since the reset counts from zero: never below it
        out.add(pair("total_items", Math.max(0, st.totalItems() - storeAtReset[0])));
        out.add(pair("evictions", Math.max(0, st.evictions() - storeAtReset[1])));
        out.add(pair("reclaimed", Math.max(0, st.reclaimed() - storeAtReset[2])));
        out.add(pair("crawler_reclaimed", s.crawlerReclaimed.sum()));
        out.add(pair("crawler_items_checked", s.crawlerItemsChecked.sum()));
        out.add(pair("protocol_errors", s.protocolErrors.sum())); // the node's own
        return out;
    }

    /** User and system CPU seconds of the process, from /proc/self/stat; elsewhere all of it as user time. */
    private static double[] cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double tick = 100.0; // USER_HZ, 100 on every Linux the JVM runs on
            return new double[] { Long.parseLong(f[11]) / tick, Long.parseLong(f[12]) / tick };
        } catch (IOException | RuntimeException notLinux) {
            double total = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
            return new double[] { total, 0 };
        }
    }
}
