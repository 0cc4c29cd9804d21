package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.slab.SlabStore;
import org.mlos.net.memcached.admin.ExpiryCrawler;

/**
 * A store swap drains the calls under way on the store's handle and rolls back if they outlast
 * its wait. The expiry crawler used to walk the store in one call, {@code reclaimDead()}: a pass
 * over a 1 GB slab store removing 2 M items took 5.1 s (a log store 8.3 s), past the node's 5 s,
 * so a swap landing in such a pass rolled back. A pass is now many short calls, a part of the
 * store each: the swap waits for the part under way only, and the pass goes on in the new store.
 *
 * <p>Here the swap's wait is cut to {@value #DRAIN_MS} ms and the store holds {@value #DEAD} dead
 * items, so that a whole pass takes several times the wait (1.5 to 4 s here) and one part (a
 * 256th of the slab store's index) a small fraction of it (under 30 ms; the swap's drain waited
 * 30 ms). The swap is issued once some eight parts are walked, while most of the dead items are
 * still there: by counts. With the pass as one call the same swap rolled back at its drain.
 */
@Timeout(180)
class StoreSwapDuringACrawlerPassTest {

    static final long DRAIN_MS = 500;
    static final int DEAD = 2_000_000;
    static final int LIVE = 1_000;

    @Test
    void aSwapIssuedDuringAPassCompletesWithoutWaitingForThePass() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(DRAIN_MS));
        KeyValueStore store = kernel.handle(KeyValueStore.class);
        SlabStore slab = new SlabStore(256L << 20);
        kernel.install(KeyValueStore.class, "slab", slab, 0);
        kernel.install(KeyValueStore.class, "heap", new HeapStore(64L << 20), 0);
        long past = System.currentTimeMillis() - 1_000;
        byte[] value = new byte[10];
        for (int i = 0; i < DEAD; i++) {
            slab.set("d" + i, value, 0, past);
        }
        for (int i = 0; i < LIVE; i++) {
            slab.set("live" + i, ("v" + i).getBytes(), 0, KeyValueStore.NEVER);
        }
        ServerStats stats = new ServerStats();
        try (ExpiryCrawler crawler = new ExpiryCrawler(store, stats)) { // its first pass starts at once
            long left;
            while ((left = slab.size()) > LIVE + DEAD - DEAD / 32) {
                Thread.sleep(1); // some eight parts in: the walk's code is compiled, as in a node's later passes
            }
            assertTrue(left > LIVE + DEAD / 2, "the swap comes early in the pass: " + left + " items left");

            SwapReport r = kernel.swap(KeyValueStore.class.getName(), "heap");

            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            for (int i = 0; i < LIVE; i++) {
                assertArrayEquals(("v" + i).getBytes(), store.get("live" + i).value(), "live" + i);
            }
            for (int wait = 0; wait < 1_000 && crawler.passes() < 1; wait++) {
                Thread.sleep(10);
            }
            assertTrue(crawler.passes() >= 1, "the pass went on in the new store, of fewer parts, and ended");
        }
    }
}
