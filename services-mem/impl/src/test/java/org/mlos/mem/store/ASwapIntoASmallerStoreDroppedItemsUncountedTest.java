package org.mlos.mem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreStats;

/**
 * An outsider's heap rollout on a full node parked the store on {@code log}, which holds fewer
 * items within the same capacity: about a fifth of the cache was evicted as it moved in, and
 * {@code evictions} did not count them (the counters carried from the store before overwrote the
 * import's). They are counted now, and the swap's report says what the import evicted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ASwapIntoASmallerStoreDroppedItemsUncountedTest {

    private static final String KIND = KeyValueStore.class.getName();

    @Test
    void theItemsAnImportEvictsAreCountedAndSaid() {
        SwapKernel kernel = new SwapKernel();
        KeyValueStore h = kernel.handle(KeyValueStore.class);
        kernel.install(KeyValueStore.class, "heap", Stores.create("heap", 8L << 20), 0);
        kernel.install(KeyValueStore.class, "small", Stores.create("heap", 4L << 20), 0);
        byte[] value = new byte[100];
        for (int i = 0; i < 60_000; i++) {
            h.set("k" + i, value, 0, KeyValueStore.NEVER);
        }
        StoreStats before = h.stats();
        SwapReport r = kernel.swap(KIND, "small");
        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        StoreStats after = h.stats();
        long dropped = before.entries() - after.entries();
        assertTrue(dropped > 0, "the smaller store holds fewer: " + before.entries() + " then " + after.entries());
        assertEquals(before.evictions() + dropped, after.evictions(), "every item the import evicted is counted");
        assertTrue(r.reason() != null && r.reason().contains("evicted " + dropped + " items to take the state in"), r.toLine());
    }

    @Test
    void anImportThatFitsSaysNothing() {
        SwapKernel kernel = new SwapKernel();
        KeyValueStore h = kernel.handle(KeyValueStore.class);
        kernel.install(KeyValueStore.class, "heap", Stores.create("heap", 8L << 20), 0);
        kernel.install(KeyValueStore.class, "slab", Stores.create("slab", 8L << 20), 0);
        for (int i = 0; i < 1_000; i++) {
            h.set("k" + i, new byte[100], 0, KeyValueStore.NEVER);
        }
        SwapReport r = kernel.swap(KIND, "slab");
        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertNull(r.reason(), r.toLine());
        assertEquals(0, h.stats().evictions());
    }
}
