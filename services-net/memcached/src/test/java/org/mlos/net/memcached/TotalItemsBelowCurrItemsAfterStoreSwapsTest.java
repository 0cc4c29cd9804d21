package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mlos.net.memcached.StatsParityTest.stats;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.mem.api.KeyValueStore;

/**
 * The regression: each store counted {@code total_items} for itself, so after heap → slab → log
 * the node said {@code total_items 10} beside {@code curr_items 30}, which memcached never shows;
 * and after a {@code stats reset} a swap read 0 until the new store caught up with the old one's
 * count at the reset. The counters now move with the items.
 */
@Timeout(60)
class TotalItemsBelowCurrItemsAfterStoreSwapsTest {

    @Test
    void totalItemsCountsOnAcrossSwapsAndFromTheReset() throws Exception {
        try (CacheServer server = new CacheServer(); TextClient c = new TextClient(server.port())) {
            set(c, "a", 10);
            swap(server, "slab");
            set(c, "b", 10);
            swap(server, "log");
            set(c, "c", 10);
            Map<String, String> s = stats(c, "stats");
            assertEquals("30", s.get("curr_items"));
            assertEquals("30", s.get("total_items"), "every item stored since the start, whichever store took it");

            assertEquals("RESET", c.call("stats reset"));
            set(c, "d", 5);
            swap(server, "heap"); // a store that served before, with its own old count
            set(c, "e", 5);
            s = stats(c, "stats");
            assertEquals("40", s.get("curr_items"));
            assertEquals("10", s.get("total_items"), "counted from the reset, across the swap");
            assertEquals("10", s.get("cmd_set"));
        }
    }

    private static void set(TextClient c, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            assertEquals("STORED", c.call("set " + prefix + i + " 0 0 1\r\nx"));
        }
    }

    private static void swap(CacheServer server, String impl) {
        assertEquals(SwapOutcome.COMPLETED, server.kernel.swap(KeyValueStore.class.getName(), impl).outcome());
    }
}
