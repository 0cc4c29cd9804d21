package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            String crawl = c.call("lru_crawler crawl all"); // BUSY while the pass the enable started runs, as memcached
            for (int tries = 0; tries < 200 && crawl.startsWith("BUSY"); tries++) {
                Thread.sleep(10);
                crawl = c.call("lru_crawler crawl all");
            }
            assertEquals("OK", crawl);
            Map<String, String> s = stats(c);
            for (int wait = 0; wait < 200 && !s.get("curr_items").equals("1"); wait++) {
                Thread.sleep(50);
                s = stats(c);
            }
            assertEquals("1", s.get("curr_items"), s.toString());
            assertEquals("k", c.send("get keep\r\n").untilEnd().get(1));
            assertEquals("0", s.get("reclaimed"), "memcached counts its crawler's removals apart");
            Map<String, String> items = StatsParityTest.stats(c, "stats items");
            assertEquals(java.util.List.of("5000"), items.entrySet().stream()
                    .filter(e -> e.getKey().endsWith(":crawler_reclaimed")).map(Map.Entry::getValue).toList(), items.toString());
            assertEquals(true, Long.parseLong(s.get("lru_crawler_starts")) >= 1, s.toString());
            // stats' own crawler figures were 0 whatever the crawler did (an operator's tools read these)
            s = stats(c);
            assertEquals("5000", s.get("crawler_reclaimed"), s.toString());
            long checked = Long.parseLong(s.get("crawler_items_checked"));
            assertTrue(checked >= 5_001, "the dead items and the live one, at least once: " + checked);
        }
    }

    private static Map<String, String> stats(TextClient c) throws Exception {
        return StatsParityTest.stats(c, "stats");
    }

    /**
     * A crawl request while a pass runs is BUSY, as in memcached; it used to schedule a second
     * chain of passes beside the running one (a FutureTask cancels even while it runs).
     */
    @Test
    void aCrawlRequestDuringAPassIsBusyAndStartsNoSecondChain() throws Exception {
        java.util.concurrent.CountDownLatch inPass = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger concurrent = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        org.mlos.mem.api.KeyValueStore store = (org.mlos.mem.api.KeyValueStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] { org.mlos.mem.api.KeyValueStore.class }, (proxy, method, args) -> {
                    if (method.getName().equals("reclaimParts")) {
                        return 1;
                    }
                    if (!method.getName().equals("reclaimDead") || args == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    concurrent.incrementAndGet();
                    if (calls.incrementAndGet() == 1) {
                        inPass.countDown();
                        release.await();
                    }
                    concurrent.decrementAndGet();
                    return 0L;
                });
        try (ExpiryCrawler crawler = new ExpiryCrawler(store, new ServerStats())) {
            inPass.await();
            for (int i = 0; i < 100; i++) {
                assertEquals(false, crawler.crawlNow(), "busy while the first pass runs");
            }
            crawler.enabled(false);
            crawler.enabled(true); // during the pass: the new generation's pass waits for the thread
            release.countDown();
            for (int wait = 0; wait < 200 && crawler.passes() < 2; wait++) {
                Thread.sleep(10);
            }
            assertEquals(2, crawler.passes(), "the blocked pass and the one the enable started");
            Thread.sleep(300);
            assertEquals(2, calls.get(), "no pass of an older chain ran: the next waits at least 2 s");
        }
    }

    /**
     * A pass is a call per part of the store, so that a store swap waits for one part, not the
     * whole pass; a disable during a pass (a close too: it disables first) stops it after the part
     * under way instead of letting it walk the parts left.
     */
    @Test
    void aDisableDuringAPassStopsItAfterThePartUnderWay() throws Exception {
        int parts = 1_000;
        java.util.concurrent.CountDownLatch inPart = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.List<Integer> walked = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        org.mlos.mem.api.KeyValueStore store = (org.mlos.mem.api.KeyValueStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] { org.mlos.mem.api.KeyValueStore.class }, (proxy, method, args) -> {
                    if (method.getName().equals("reclaimParts")) {
                        return parts;
                    }
                    if (!method.getName().equals("reclaimDead") || args == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    int part = (Integer) args[0];
                    walked.add(part);
                    if (part == 1) {
                        inPart.countDown();
                        release.await();
                    }
                    return 1L;
                });
        try (ExpiryCrawler crawler = new ExpiryCrawler(store, new ServerStats())) {
            inPart.await();
            crawler.enabled(false);
            release.countDown();
            for (int wait = 0; wait < 500 && crawler.passes() < 1; wait++) {
                Thread.sleep(10);
            }
            assertEquals(1, crawler.passes());
            assertEquals(java.util.List.of(0, 1), walked, "the part before the disable and the one under way, in order");
        }
    }
}
