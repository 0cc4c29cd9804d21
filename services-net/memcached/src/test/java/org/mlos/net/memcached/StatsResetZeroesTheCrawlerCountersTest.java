package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlos.net.memcached.StatsParityTest.exchange;
import static org.mlos.net.memcached.StatsParityTest.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The regression: {@code stats reset} left {@code crawler_reclaimed} (and crawler_items_checked,
 * lru_crawler_starts, and the {@code stats detail} prefixes) as they were. memcached 1.6.18's
 * stats_reset zeroes its global counters (lru_crawler_starts among them), every thread's and
 * every class's (crawler_reclaimed, crawler_items_checked, in {@code stats} and {@code stats
 * items}) and clears the prefixes; it keeps the gauges (curr_items, the crawler's state).
 */
@Timeout(60)
class StatsResetZeroesTheCrawlerCountersTest {

    private static final List<String> AFTER_RESET = List.of("crawler_reclaimed", "crawler_items_checked",
            "lru_crawler_starts", "lru_crawler_running", "curr_items", "total_items", "get_hits");

    @Test
    void statsResetZeroesWhatMemcachedZeroes() throws Exception {
        String setUp = "stats detail on\r\nset p:gone 0 1 1\r\nx\r\nset p:kept 0 0 1\r\nx\r\nget p:kept\r\n";
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(StatsParityTest.MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port())) {
            server.withRequestedCrawlsOnly(); // no background pass to move the counters compared
            assertEquals(exchange(theirs, setUp), exchange(ours, setUp));
            Thread.sleep(2_200); // past memcached's second-grained expiry
            for (TextClient c : List.of(theirs, ours)) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!stats(c, "stats").get("crawler_reclaimed").equals("1") && System.nanoTime() < deadline) {
                    c.call("lru_crawler crawl all"); // OK, or BUSY while a pass runs
                    Thread.sleep(50);
                }
                assertEquals("1", stats(c, "stats").get("crawler_reclaimed"), "the crawler removed the expired item");
            }
            assertEquals(exchange(theirs, "stats reset\r\n"), exchange(ours, "stats reset\r\n"));
            Map<String, String> mine = pick(stats(ours, "stats"));
            assertEquals(pick(stats(theirs, "stats")), mine);
            assertEquals("0", mine.get("crawler_reclaimed"));
            assertEquals("1", mine.get("curr_items"), "a gauge: kept");
            assertEquals(perClass(stats(theirs, "stats items")), perClass(stats(ours, "stats items")));
            assertEquals("END\r\n", exchange(ours, "stats detail dump\r\n"), "prefixes cleared");
            assertEquals(exchange(theirs, "stats detail dump\r\n"), exchange(ours, "stats detail dump\r\n"));
        }
    }

    private static Map<String, String> pick(Map<String, String> stats) {
        Map<String, String> out = new LinkedHashMap<>();
        AFTER_RESET.forEach(name -> out.put(name, stats.get(name)));
        return out;
    }

    /** stats items' crawler and reclaim counters, of every class. */
    private static Map<String, String> perClass(Map<String, String> items) {
        Map<String, String> out = new LinkedHashMap<>();
        items.forEach((k, v) -> {
            if (k.endsWith(":crawler_reclaimed") || k.endsWith(":crawler_items_checked") || k.endsWith(":reclaimed")
                    || k.endsWith(":number")) {
                out.put(k, v);
            }
        });
        assertTrue(!out.isEmpty(), items.toString());
        return out;
    }
}
