package org.mlos.net.memcached.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.slab.SlabStore;
import org.mlos.net.memcached.ServerStats;

/**
 * Found by an outsider: with call counting on, an idle cache node counted some 300 calls a second
 * of its store ({@code mlos kinds}, the dashboard's calls/s): its expiry crawler's, a pass every two
 * seconds over a small store, which asked the store for its number of parts before each part, a
 * call through the handle each time. It asks once a pass (and once more to know the pass whole):
 * a part's call and two more.
 */
@Timeout(60)
class AnIdleNodeCountedHundredsOfItsCrawlersCallsTest {

    @Test
    void aPassCallsTheStoreOnceAPartAndTwiceMore() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withCountCalls(true));
        SlabStore slab = new SlabStore(16L << 20);
        kernel.install(KeyValueStore.class, "slab", slab, 0);
        KeyValueStore store = kernel.handle(KeyValueStore.class);
        store.set("k", new byte[] { 1 }, 0, KeyValueStore.NEVER);
        long before = calls(kernel);

        try (ExpiryCrawler crawler = new ExpiryCrawler(store, new ServerStats(), false)) { // the first pass only
            for (int wait = 0; wait < 3_000 && crawler.passes() < 1; wait++) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            assertEquals(1, crawler.passes(), "the pass ended");
        }

        int parts = slab.reclaimParts();
        assertTrue(parts > 1, "a store walked in parts: " + parts);
        assertEquals(parts + 2, calls(kernel) - before, "calls of one pass over " + parts + " parts");
    }

    private static long calls(SwapKernel kernel) {
        return kernel.kind(KeyValueStore.class.getName()).orElseThrow().callsServed();
    }
}
