package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code stats}, {@code stats settings} and {@code stats conns} beside a real memcached 1.6.18
 * (started {@code -t 2 -o no_slab_reassign,no_lru_maintainer}, the configuration closest to this
 * node): every line this server prints is memcached's, by name and in memcached's order; the lines
 * it leaves out are listed here (figures it does not keep), so a line added or dropped on either
 * side fails. Values that do not depend on time or process are compared too, and the operator
 * commands {@code slabs}, {@code lru}, {@code verbosity} and {@code stats extstore} byte for byte.
 */
@Timeout(60)
class StatsParityTest {

    static final List<String> MEMCACHED_OPTIONS = List.of("-t", "2", "-o", "no_slab_reassign,no_lru_maintainer");

    /**
     * memcached's {@code stats} lines (so configured) this server does not print: figures it does
     * not keep. memcached itself leaves out the slab page mover's and the LRU maintainer's lines
     * when they are off, as they are here.
     */
    static final Set<String> GENERAL_NOT_KEPT = Set.of("libevent", "response_obj_oom", "response_obj_count",
            "response_obj_bytes", "read_buf_count", "read_buf_bytes", "read_buf_bytes_free", "read_buf_oom",
            "hash_power_level", "hash_bytes", "hash_is_expanding", "malloc_fails",
            "slab_global_page_pool", "expired_unfetched", "evicted_unfetched", "lrutail_reflocked");

    /** memcached's {@code stats settings} lines this server does not print: machinery it does not have. */
    static final Set<String> SETTINGS_NOT_KEPT = Set.of("oldest", "num_threads_per_udp", "reqs_per_event",
            "hashpower_init", "slab_automove_window", "hash_algorithm",
            "hot_lru_pct", "warm_lru_pct", "hot_max_factor", "warm_max_factor", "temporary_ttl",
            "watcher_logbuf_size", "worker_logbuf_size", "read_buf_mem_limit",
            "ext_item_size", "ext_item_age", "ext_low_ttl", "ext_recache_rate", "ext_wbuf_size", "ext_compact_under",
            "ext_drop_under", "ext_max_sleep", "ext_max_frag", "slab_automove_freeratio", "ext_drop_unread",
            "ssl_wbuf_size", "ssl_session_cache", "num_napi_ids", "memory_file");

    /** Settings whose values differ by nature (the port each listens on). */
    static final Set<String> SETTINGS_OWN_VALUES = Set.of("tcpport");

    /** Replies up to (not including) the {@code version} sent behind the requests. */
    static String exchange(TextClient c, String requests) throws IOException {
        c.send(requests + "version\r\n");
        StringBuilder got = new StringBuilder();
        for (String l = c.line(); !l.startsWith("VERSION "); l = c.line()) {
            got.append(l).append("\r\n");
        }
        return got.toString();
    }

    static Map<String, String> stats(TextClient c, String request) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        c.send(request + "\r\n");
        for (String l : c.untilEnd()) {
            String[] w = l.split(" ", 3);
            assertEquals("STAT", w[0], l);
            out.put(w[1], w.length > 2 ? w[2] : "");
        }
        return out;
    }

    /** The general {@code stats} lines of {@code names}, in that order (null for one not reported). */
    static Map<String, String> stats(TextClient c, List<String> names) throws IOException {
        Map<String, String> all = stats(c, "stats");
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, all.get(name));
        }
        return out;
    }

    private static List<String> without(Iterable<String> names, Set<String> dropped) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (!dropped.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void statsPrintsMemcachedsLinesInItsOrderLeavingOutOnlyFiguresNotKept() throws Exception {
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port())) {
            server.withCrawler(); // as a node runs, and memcached so started: its lines are printed
            Map<String, String> mine = stats(ours, "stats");
            Map<String, String> real = stats(theirs, "stats");
            assertTrue(real.keySet().containsAll(GENERAL_NOT_KEPT), "memcached prints every line listed as not kept");
            List<String> expected = without(real.keySet(), GENERAL_NOT_KEPT);
            expected.add("protocol_errors"); // the node's own, last
            assertEquals(expected, new ArrayList<>(mine.keySet()));
            for (String constant : List.of("pointer_size", "max_connections", "rejected_connections",
                    "cmd_get", "cmd_meta", "store_too_large", "store_no_memory", "auth_cmds", "limit_maxbytes",
                    "accepting_conns", "listen_disabled_num", "time_in_listen_disabled_us", "threads", "conn_yields",
                    "lru_crawler_running", "log_watchers", "unexpected_napi_ids", "round_robin_fallback", "curr_items")) {
                assertEquals(real.get(constant), mine.get(constant), constant);
            }
            assertTrue(Double.parseDouble(mine.get("rusage_system")) > 0, "system CPU time is read, not 0: " + mine);
        }
    }

    /** Against memcached as it starts by default (93 lines): the same names, in its order. */
    @Test
    void statsLinesAreInTheOrderOfADefaultMemcached() throws Exception {
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(); TextClient theirs = new TextClient(memcached.port())) {
            server.withCrawler();
            for (String group : List.of("stats", "stats settings")) {
                List<String> mine = new ArrayList<>(stats(ours, group).keySet());
                mine.remove("protocol_errors");
                List<String> real = new ArrayList<>(stats(theirs, group).keySet());
                real.retainAll(mine);
                assertEquals(real, mine, group + ": every line is memcached's, in its order");
            }
        }
    }

    @Test
    void statsSettingsPrintsMemcachedsLinesAndValues() throws Exception {
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port())) {
            server.withCrawler(); // lru_crawler yes, as memcached's
            Map<String, String> mine = stats(ours, "stats settings");
            Map<String, String> real = stats(theirs, "stats settings");
            assertTrue(real.keySet().containsAll(SETTINGS_NOT_KEPT), "memcached prints every line listed as not kept");
            assertEquals(without(real.keySet(), SETTINGS_NOT_KEPT), new ArrayList<>(mine.keySet()));
            for (Map.Entry<String, String> e : mine.entrySet()) {
                if (!SETTINGS_OWN_VALUES.contains(e.getKey())) {
                    assertEquals(real.get(e.getKey()), e.getValue(), e.getKey());
                }
            }
            assertEquals(String.valueOf(server.port()), mine.get("tcpport"), "the port listened on, not the 0 asked for");
        }
    }

    /** The regression: {@code verbosity 1} answered OK and {@code stats settings} kept saying 0. */
    @Test
    void verbositySetIsWhatStatsSettingsReports() throws Exception {
        String requests = "verbosity 1\r\nstats settings\r\nverbosity 5\r\nstats settings\r\nverbosity 0 noreply\r\n"
                + "stats settings\r\nverbosity x\r\nverbosity\r\nverbosity 4294967296\r\nstats settings\r\n";
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port())) {
            String mine = verbosityLines(exchange(ours, requests));
            assertEquals(verbosityLines(exchange(theirs, requests)), mine);
            assertEquals("OK|1|OK|2|0|CLIENT_ERROR bad command line format|ERROR|OK|0|", mine);
        }
    }

    /** Keeps the reply lines that are not other settings. */
    private static String verbosityLines(String replies) {
        StringBuilder out = new StringBuilder();
        for (String l : replies.split("\r\n")) {
            if (l.startsWith("STAT verbosity ")) {
                out.append(l.substring("STAT verbosity ".length())).append('|');
            } else if (!l.startsWith("STAT ") && !l.equals("END")) {
                out.append(l).append('|');
            }
        }
        return out.toString();
    }

    /** memcached's {@code slabs}, {@code lru} and {@code stats extstore} replies, byte for byte. */
    @Test
    void tuningCommandsGetMemcachedsRepliesByteForByte() throws Exception {
        String requests = "slabs reassign 1 2\r\nslabs reassign x y\r\nslabs reassign 1\r\nslabs reassign 1 2 3\r\n"
                + "slabs automove 0\r\nslabs automove 2\r\nslabs automove 3\r\nslabs automove x\r\nslabs automove +1\r\n"
                + "slabs automove 1 2\r\nslabs automove 4294967296\r\nslabs automove ratio 0.5\r\nslabs automove ratio x\r\n"
                + "slabs automove ratio\r\nslabs automove\r\nslabs foo\r\nslabs\r\n"
                + "lru mode flat\r\nlru mode segmented\r\nlru temp_ttl 10\r\nlru flat\r\nlru\r\nlru mode\r\n"
                + "lru_crawler crawl all\r\nlru_crawler sleep 100\r\nlru_crawler tocrawl 10\r\nlru_crawler disable\r\n"
                + "lru_crawler foo\r\nlru_crawler mgdump all\r\nlru_crawler\r\n"
                + "stats extstore\r\nextstore\r\nwatch foo\r\n"
                + "slabs automove 2\r\n";
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port())) {
            server.withCrawler(); // crawl all: OK, as memcached's (its next pass is two seconds away)
            assertEquals(exchange(theirs, requests), exchange(ours, requests));
            assertEquals(stats(theirs, "stats settings").get("slab_automove"), stats(ours, "stats settings").get("slab_automove"));
            assertEquals("2", stats(ours, "stats settings").get("slab_automove"));
        }
    }

    /** memcached streams logs to a {@code watch}er; the node has no log stream and says so in memcached's words. */
    @Test
    void watchIsRefusedWithMemcachedsFailureToAddAWatcher() throws Exception {
        try (CacheServer server = new CacheServer(); TextClient c = new TextClient(server.port())) {
            assertEquals("WATCHER_FAILED failed to add log watcher", c.call("watch"));
            assertEquals("WATCHER_FAILED failed to add log watcher", c.call("watch fetchers mutations"));
            assertEquals("ERROR", c.call("watch bogus"));
            c.send("version\r\nwatch\r\n");
            assertEquals("VERSION " + MemcachedProtocol.VERSION, c.line());
            assertEquals("ERROR cannot pipeline other commands before watch", c.line(), "memcached's words behind other replies");
        }
    }

    /** {@code stats conns}: the listening socket first, then each client with listen_addr and secs_since_last_cmd. */
    @Test
    void statsConnsHasTheListenerAndSecondsSinceTheLastCommand() throws Exception {
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                TextClient other = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port());
                TextClient theirOther = new TextClient(memcached.port())) {
            assertEquals("VERSION ", other.call("version").substring(0, 8));
            assertEquals("VERSION ", theirOther.call("version").substring(0, 8));
            List<String> settled = List.of("addr tcp:127.0.0.1:PORT", "state conn_listening", "secs_since_last_cmd N",
                    "addr tcp:127.0.0.1:P", "listen_addr tcp:127.0.0.1:PORT", "state conn_parse_cmd", "secs_since_last_cmd N",
                    "addr tcp:127.0.0.1:P", "listen_addr tcp:127.0.0.1:PORT", "state conn_read", "secs_since_last_cmd N");
            // On a busy machine memcached's worker can be caught between sending the other
            // connection's reply and going back to reading it (conn_mwrite, conn_parse_cmd): ask
            // again, a bounded number of times, until it shows its connections at rest.
            List<String> real = List.of();
            for (int i = 0; i < 200 && !real.equals(settled); i++) {
                if (i > 0) {
                    Thread.sleep(10);
                }
                real = shapes(stats(theirs, "stats conns"), memcached.port());
            }
            assertEquals(settled, real, "memcached's own connections at rest");
            assertEquals(settled, shapes(stats(ours, "stats conns"), server.port()));
        }
    }

    /**
     * A connection whose storage command's value is still arriving showed {@code conn_read}, as an
     * idle one does; memcached shows {@code conn_nread}.
     */
    @Test
    void aHalfSentValueShowsAsBeingRead() throws Exception {
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                TextClient other = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port());
                TextClient theirOther = new TextClient(memcached.port())) {
            other.send("set k 0 0 10\r\nabc");
            theirOther.send("set k 0 0 10\r\nabc");
            List<String> mine = List.of();
            for (int i = 0; i < 200 && !mine.contains("state conn_nread"); i++) { // until the bytes have arrived
                Thread.sleep(10);
                mine = shapes(stats(ours, "stats conns"), server.port());
            }
            List<String> expected = List.of();
            for (int i = 0; i < 200 && !expected.contains("state conn_nread"); i++) {
                Thread.sleep(10);
                expected = shapes(stats(theirs, "stats conns"), memcached.port());
            }
            assertEquals(expected, mine);
            assertTrue(mine.contains("state conn_nread"), mine.toString());
            other.send("defghij\r\n");
            assertEquals("STORED", other.line(), "and the value, whole, is stored");
        }
    }

    /**
     * Each line with its connection id dropped, the own port as PORT, a client's as P, seconds as
     * N; the listener's lines first, then the clients' blocks in the order of their states (which
     * client a server numbers first depends on which event loop accepted it first).
     */
    private static List<String> shapes(Map<String, String> conns, int port) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : conns.entrySet()) {
            String id = e.getKey().substring(0, e.getKey().indexOf(':'));
            String name = e.getKey().substring(e.getKey().indexOf(':') + 1);
            String value = e.getValue().replace("127.0.0.1:" + port, "127.0.0.1:PORT").replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:P")
                    .replaceAll("^\\d+$", "N");
            blocks.computeIfAbsent(id, k -> new ArrayList<>()).add(name + " " + value);
        }
        List<List<String>> ordered = new ArrayList<>(blocks.values());
        ordered.sort(java.util.Comparator.comparing((List<String> b) -> !b.contains("state conn_listening"))
                .thenComparing(b -> String.join("|", b)));
        List<String> out = new ArrayList<>();
        ordered.forEach(out::addAll);
        return out;
    }
}
