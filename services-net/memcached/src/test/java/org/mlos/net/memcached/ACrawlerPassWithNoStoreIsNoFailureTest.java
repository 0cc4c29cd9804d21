package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.net.memcached.admin.ExpiryCrawler;

/**
 * A node that stops stops its store bundles before the memcached server, so the crawler's next
 * pass found the store kind with no implementation and logged {@code WARN: expiry crawl failed}
 * after the node's last words (seen after a start that was not ready in time). With no store
 * there is nothing to crawl and nothing failed: the pass ends quietly, and the passes after it
 * crawl whichever store serves then.
 */
@Timeout(60)
class ACrawlerPassWithNoStoreIsNoFailureTest {

    @Test
    void aPassWhileTheKindHasNoImplementationLogsNoWarningAndTheNextStoreIsCrawled() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(ExpiryCrawler.class.getName());
        RecordedLog handler = new RecordedLog(warnings);
        handler.setLevel(Level.WARNING);
        log.addHandler(handler);
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults());
        KeyValueStore store = kernel.handle(KeyValueStore.class);
        HeapStore first = new HeapStore(16L << 20);
        kernel.install(KeyValueStore.class, "heap", first, 0);
        try (ExpiryCrawler crawler = new ExpiryCrawler(store, new ServerStats(), false)) {
            awaitPasses(crawler, 1);
            kernel.uninstall(KeyValueStore.class, "heap", first);

            assertTrue(crawler.crawlNow(), "a crawl is asked for with no store");
            awaitPasses(crawler, 2);
            assertEquals(List.of(), warnings, "a pass with no store logged a warning");

            HeapStore next = new HeapStore(16L << 20);
            next.set("gone", new byte[1], 0, System.currentTimeMillis() + 20);
            assertEquals(1, next.size(), "stored, to expire in 20 ms");
            kernel.install(KeyValueStore.class, "heap", next, 0);
            Thread.sleep(50);
            assertTrue(crawler.crawlNow(), "a crawl is asked for with the new store");
            awaitPasses(crawler, 3);
            assertEquals(0, next.size(), "the pass after crawled the store that serves now");
        } finally {
            log.removeHandler(handler);
        }
    }

    private static void awaitPasses(ExpiryCrawler crawler, long n) throws InterruptedException {
        for (int i = 0; i < 5_000 && crawler.passes() < n; i++) {
            Thread.sleep(1);
        }
        assertTrue(crawler.passes() >= n, "pass " + n + " did not end: " + crawler.passes());
    }
}
