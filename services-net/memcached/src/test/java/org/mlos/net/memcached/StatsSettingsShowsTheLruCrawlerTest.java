package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlos.net.memcached.StatsParityTest.exchange;
import static org.mlos.net.memcached.StatsParityTest.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The regression: {@code stats settings} had no {@code lru_crawler} line, so prometheus'
 * memcached_exporter (which emits its LRU crawler metrics only when it reads {@code lru_crawler
 * yes}) emitted none for a node that has an LRU crawler; nor the crawler's sleep and tocrawl as
 * {@code lru_crawler sleep|tocrawl} set them, nor slab_chunk_max, tail_repair_time,
 * slab_automove_ratio and inline_ascii_response, which are true of the node too. Beside a real
 * memcached, text and binary: the same lines and values, before and after the commands that change
 * them, and {@code lru_crawler disable} turning the line to no and dropping {@code stats}'
 * crawler lines, as memcached's does.
 */
@Timeout(60)
class StatsSettingsShowsTheLruCrawlerTest {

    private static final List<String> LINES = List.of("slab_automove_ratio", "slab_chunk_max", "lru_crawler",
            "lru_crawler_sleep", "lru_crawler_tocrawl", "tail_repair_time", "inline_ascii_response");

    private static Map<String, String> lines(TextClient c) throws IOException {
        Map<String, String> all = stats(c, "stats settings");
        Map<String, String> out = new LinkedHashMap<>();
        LINES.forEach(name -> out.put(name, all.get(name)));
        return out;
    }

    @Test
    void theCrawlerLinesAreMemcachedsAndFollowTheCommands() throws Exception {
        String tune = "lru_crawler sleep 50\r\nlru_crawler tocrawl 4294967295\r\nslabs automove ratio 0.125\r\n"
                + "lru_crawler sleep 1000001\r\nlru_crawler tocrawl x\r\n";
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                BinaryClient oursBinary = new BinaryClient(server.port());
                RealMemcached memcached = RealMemcached.start(StatsParityTest.MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port())) {
            assertEquals("no", lines(ours).get("lru_crawler"), "no crawler: memcached's no");
            assertFalse(stats(ours, "stats").containsKey("lru_crawler_starts"));
            server.withCrawler();
            Map<String, String> mine = lines(ours);
            assertEquals(lines(theirs), mine);
            assertEquals("yes", mine.get("lru_crawler"));
            assertEquals(binarySettings(oursBinary), stats(ours, "stats settings"), "binary STAT settings: the same");

            assertEquals(exchange(theirs, tune), exchange(ours, tune));
            mine = lines(ours);
            assertEquals(lines(theirs), mine);
            assertEquals(List.of("50", "4294967295", "0.12"),
                    List.of(mine.get("lru_crawler_sleep"), mine.get("lru_crawler_tocrawl"), mine.get("slab_automove_ratio")));

            assertTrue(stats(ours, "stats").containsKey("lru_crawler_running"));
            assertEquals(exchange(theirs, "lru_crawler disable\r\n"), exchange(ours, "lru_crawler disable\r\n"));
            // memcached says no once its crawler thread has stopped, a moment after the OK: waited for, bounded
            for (int i = 0; i < 200 && !"no".equals(lines(theirs).get("lru_crawler")); i++) {
                Thread.sleep(50);
            }
            mine = lines(ours);
            assertEquals(lines(theirs), mine);
            assertEquals("no", mine.get("lru_crawler"));
            for (String crawlerLine : List.of("lru_crawler_running", "lru_crawler_starts")) {
                assertEquals(stats(theirs, "stats").containsKey(crawlerLine), stats(ours, "stats").containsKey(crawlerLine),
                        crawlerLine);
            }
            assertFalse(stats(ours, "stats").containsKey("lru_crawler_starts"), "memcached drops them once disabled");
            assertEquals(binarySettings(oursBinary), stats(ours, "stats settings"), "binary STAT settings: the same");
        }
    }

    /** Binary {@code STAT settings}: name and value of each packet up to the empty one. */
    private static Map<String, String> binarySettings(BinaryClient c) throws IOException {
        c.send(BinaryClient.request(0x10, 0, 0, 0, new byte[0], "settings", new byte[0]));
        Map<String, String> out = new LinkedHashMap<>();
        for (BinaryClient.Response r = c.read(); r.key().length > 0; r = c.read()) {
            out.put(new String(r.key(), StandardCharsets.ISO_8859_1), r.valueText());
        }
        return out;
    }

    /**
     * {@code slabs automove ratio 1e400} stored Infinity, and every later {@code stats settings},
     * text or binary, failed for every client: memcached refuses an out-of-range number.
     */
    @Test
    void anOutOfRangeRatioIsRefusedAndStatsSettingsStillAnswers() throws Exception {
        String bad = "slabs automove ratio 1e400\r\nslabs automove ratio -1e400\r\n";
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(StatsParityTest.MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port())) {
            assertEquals(exchange(theirs, bad), exchange(ours, bad));
            assertEquals(lines(theirs).get("slab_automove_ratio"), lines(ours).get("slab_automove_ratio"));
        }
    }
}
