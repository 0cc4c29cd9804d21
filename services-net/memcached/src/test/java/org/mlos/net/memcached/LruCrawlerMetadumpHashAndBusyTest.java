package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlos.net.memcached.StatsParityTest.exchange;
import static org.mlos.net.memcached.StatsParityTest.stats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.net.memcached.admin.ExpiryCrawler;
import org.mlos.net.memcached.server.StandardDialects;

/**
 * The regressions: {@code lru_crawler metadump hash} answered {@code BADCLASS invalid class id},
 * where memcached 1.6.18 dumps every item (walking its hash table: the same items as {@code all});
 * and {@code lru_crawler crawl all} right behind an accepted {@code crawl 1} answered {@code OK},
 * where memcached answers {@code BUSY currently processing crawler request} until that crawl has
 * ended (its lru_crawler_running is set by the request). With them, memcached's other crawler
 * states: {@code crawl hash} (a walk memcached makes only to dump) is its unknown error, a
 * metadump while the crawler is disabled its {@code CLIENT_ERROR lru crawler disabled}.
 */
@Timeout(60)
class LruCrawlerMetadumpHashAndBusyTest {

    @Test
    void metadumpHashListsEveryItemAsMemcachedDoes() throws Exception {
        String requests = "set a 0 0 1\r\nx\r\nset b 0 0 500\r\n" + "v".repeat(500) + "\r\nset c 5 0 1\r\nx\r\n";
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(StatsParityTest.MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port())) {
            server.withCrawler();
            server.dialects.itemSource(each -> server.store.forEachItem(each));
            assertEquals(exchange(theirs, requests), exchange(ours, requests));
            List<String> mine = metadump(ours, "hash");
            assertEquals(metadump(theirs, "hash"), mine);
            assertEquals(metadump(ours, "all"), mine);
            assertEquals(4, mine.size(), mine.toString());
            StringBuilder replies = new StringBuilder();
            // one at a time: memcached's crawler thread stops a moment after its disable's OK
            for (String request : List.of("lru_crawler crawl hash", "lru_crawler disable", "lru_crawler metadump hash",
                    "lru_crawler metadump all", "lru_crawler crawl all")) {
                String reply = exchange(ours, request + "\r\n");
                assertEquals(exchange(theirs, request + "\r\n"), reply, request);
                replies.append(reply);
                if (request.endsWith("disable")) {
                    crawlerStopped(theirs);
                }
            }
            assertEquals("ERROR an unknown error happened\r\nOK\r\nCLIENT_ERROR lru crawler disabled\r\n"
                    + "CLIENT_ERROR lru crawler disabled\r\nCLIENT_ERROR lru crawler disabled\r\n", replies.toString());
        }
    }

    /**
     * memcached's crawler thread stops a moment after its disable's OK, and only then does its
     * {@code stats settings} say {@code lru_crawler no} and a metadump get refused: waits (bounded)
     * for that, so the replies compared next are those of a stopped crawler on both sides. (A
     * metadump sent meanwhile may never be answered, so the settings are what is asked.)
     */
    private static void crawlerStopped(TextClient memcached) throws Exception {
        for (int i = 0; i < 200; i++) {
            if ("no".equals(StatsParityTest.stats(memcached, "stats settings").get("lru_crawler"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("memcached's crawler did not stop after its disable");
    }

    /** The dump's lines, each without what differs by clock or CAS counter, sorted (the orders differ). */
    private static List<String> metadump(TextClient c, String which) throws IOException {
        c.send("lru_crawler metadump " + which + "\r\n");
        List<String> out = new ArrayList<>();
        String l;
        do {
            l = c.line();
            out.add(l.replaceAll(" exp=\\S+ la=\\d+ cas=\\d+", ""));
        } while (!l.equals("END"));
        out.sort(null);
        return out;
    }

    /**
     * A crawl is under way from its request to the end of its pass: held here in the store's
     * walk, a second request is BUSY (pipelined behind the first too), stats says
     * lru_crawler_running 1, and once the pass ends a crawl is accepted again.
     */
    @Test
    void aCrawlIsBusyFromItsRequestToTheEndOfItsPass() throws Exception {
        AtomicBoolean hold = new AtomicBoolean();
        CountDownLatch walking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HeapStore heap = new HeapStore(CacheServer.CAPACITY);
        KeyValueStore held = (KeyValueStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { KeyValueStore.class }, (proxy, method, args) -> {
                    if (method.getName().equals("reclaimDead") && hold.get()) {
                        walking.countDown();
                        release.await(30, TimeUnit.SECONDS);
                    }
                    try {
                        return method.invoke(heap, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (CacheServer server = new CacheServer(Limits.DEFAULT_ITEM_MAX, new StandardDialects(),
                name -> name.equals("heap") ? held : new HeapStore(CacheServer.CAPACITY));
                TextClient c = new TextClient(server.port())) {
            ExpiryCrawler crawler = server.withRequestedCrawlsOnly(); // its first pass has ended, and no other runs unasked
            hold.set(true);
            String busy = "BUSY currently processing crawler request\r\n";
            assertEquals("OK\r\n" + busy, exchange(c, "lru_crawler crawl 1\r\nlru_crawler crawl all\r\n"));
            assertTrue(walking.await(10, TimeUnit.SECONDS), "the pass walks the store");
            assertEquals(busy, exchange(c, "lru_crawler crawl all\r\n"));
            assertEquals("1", stats(c, "stats").get("lru_crawler_running"));
            long passes = crawler.passes();
            hold.set(false);
            release.countDown();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (crawler.passes() == passes && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals("0", stats(c, "stats").get("lru_crawler_running"));
            assertEquals("OK\r\n", exchange(c, "lru_crawler crawl all\r\n"));
        }
    }
}
