package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.net.memcached.admin.ExpiryCrawler;

/**
 * Side by side with memcached, an outsider saw {@code curr_items} 5001 and {@code bytes} 400080
 * fifteen seconds after 5,000 of 5,001 items expired (memcached: 1 and 64): dead items stayed
 * counted until read or evicted. The expiry crawler removes them in the background;
 * {@code lru_crawler crawl all} starts a pass at once, {@code lru_crawler disable} stops it.
 */
@Timeout(60)
class ExpiredItemsLeaveTheCountsTest {

    @Test
    void expiredItemsLeaveCurrItemsAndBytes() throws Exception {
        try (CacheServer server = new CacheServer();
                ExpiryCrawler crawler = new ExpiryCrawler(server.store, server.protocol.stats());
                TextClient c = new TextClient(server.port())) {
            server.dialects.crawler(crawler);
            assertEquals("OK", c.call("lru_crawler disable"));
            assertEquals("CLIENT_ERROR lru crawler disabled", c.call("lru_crawler crawl all"));
            for (int i = 0; i < 5_000; i++) {
                c.send("set t" + i + " 0 1 16 noreply\r\n" + "x".repeat(16) + "\r\n");
            }
            assertEquals("STORED", c.call("set keep 0 0 1\r\nk"));
            Thread.sleep(2_100); // the TTL of 1 s is past however the second boundaries fall
            assertEquals("5001", stats(c).get("curr_items"), "disabled: nothing reclaimed in the background");
            assertEquals("OK", c.call("lru_crawler enable"));
            assertEquals("ERROR failed to start lru crawler thread", c.call("lru_crawler enable"), "memcached's: it runs");
            assertEquals("OK", c.call("lru_crawler crawl all"));
            Map<String, String> s = stats(c);
            for (int wait = 0; wait < 200 && !s.get("curr_items").equals("1"); wait++) {
                Thread.sleep(50);
                s = stats(c);
            }
            assertEquals("1", s.get("curr_items"), s.toString());
            assertEquals("k", c.send("get keep\r\n").untilEnd().get(1));
            assertEquals("5000", s.get("reclaimed"));
            assertEquals(true, Long.parseLong(s.get("lru_crawler_starts")) >= 1, s.toString());
        }
    }

    private static Map<String, String> stats(TextClient c) throws Exception {
        return StatsParityTest.stats(c, "stats");
    }
}
