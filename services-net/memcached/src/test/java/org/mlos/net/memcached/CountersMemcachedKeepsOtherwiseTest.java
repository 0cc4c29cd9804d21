package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlos.net.memcached.StatsParityTest.exchange;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Counters an outsider found apart from a real memcached 1.6.18's, side by side:
 * <ul>
 * <li>an incr or decr that creates its missing item (binary with an initial value, {@code ma … N})
 * counted an {@code incr_misses}/{@code decr_misses}; memcached counts a miss only when nothing
 * is created, so a client's "incr with a default" read as a miss rate;</li>
 * <li>{@code md} with a CAS that does not match (as a delete or with {@code I}), or {@code md … I}
 * of a missing key, counted no {@code delete_misses}; memcached counts one;</li>
 * <li>{@code stats detail} counted {@code ms} as a set and {@code md} as a delete, which memcached
 * does not, and not a binary TOUCH, which memcached counts as a get;</li>
 * <li>{@code stats items} printed {@code evicted_nonzero}, {@code evicted_time},
 * {@code expired_unfetched} and {@code evicted_unfetched} as 0 though nothing keeps them, so
 * exporters read invented zeros; they are left out, and {@code outofmemory} is the node's
 * {@code store_no_memory}.</li>
 * </ul>
 */
@Timeout(60)
class CountersMemcachedKeepsOtherwiseTest {

    private static final List<String> COUNTERS = List.of("incr_misses", "incr_hits", "decr_misses", "decr_hits",
            "delete_misses", "delete_hits", "cmd_get", "get_hits", "get_misses", "cmd_set");

    /** Our node and a real memcached, each with a text and a binary connection. */
    private static final class SideBySide implements AutoCloseable {
        private final List<AutoCloseable> opened = new java.util.ArrayList<>();
        final TextClient ours;
        final BinaryClient oursBinary;
        final TextClient theirs;
        final BinaryClient theirsBinary;

        SideBySide() throws Exception {
            try {
                CacheServer server = open(new CacheServer());
                ours = open(new TextClient(server.port()));
                oursBinary = open(new BinaryClient(server.port()));
                RealMemcached memcached = open(RealMemcached.start(StatsParityTest.MEMCACHED_OPTIONS));
                theirs = open(new TextClient(memcached.port()));
                theirsBinary = open(new BinaryClient(memcached.port()));
            } catch (Exception | Error e) {
                close();
                throw e;
            }
        }

        private <T extends AutoCloseable> T open(T resource) {
            opened.add(0, resource); // closed in reverse order
            return resource;
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable c : opened) {
                c.close();
            }
        }
    }

    @Test
    void vivifiedCountersAndMetaDeletesAreCountedAsMemcachedCountsThem() throws Exception {
        String requests = "ma v1 N0\r\nma v2 MD N0 J5\r\nma v1\r\nma none\r\nma none MD\r\n"
                + "set k 0 0 1\r\nx\r\nmd k C1\r\nmd k I C1\r\nmd gone I\r\nmd gone\r\nmd k C0\r\nmd k I\r\nmd k\r\n";
        try (SideBySide both = new SideBySide()) {
            TextClient ours = both.ours, theirs = both.theirs;
            assertEquals(exchange(theirs, requests), exchange(ours, requests));
            for (BinaryClient c : List.of(both.oursBinary, both.theirsBinary)) {
                c.call(BinaryClient.INCREMENT, 0, BinaryClient.counterExtras(1, 5, 0), "b1", ""); // created
                c.call(BinaryClient.DECREMENT, 0, BinaryClient.counterExtras(1, 5, 0), "b2", ""); // created
                c.call(BinaryClient.INCREMENT, 0, BinaryClient.counterExtras(1, 5, 0), "b1", ""); // a hit
                c.call(BinaryClient.INCREMENT, 0, BinaryClient.counterExtras(1, 5, -1), "b3", ""); // no initial: a miss
            }
            Map<String, String> mine = StatsParityTest.stats(ours, COUNTERS);
            assertEquals(StatsParityTest.stats(theirs, COUNTERS), mine);
            assertEquals("2", mine.get("incr_misses"), "ma none and binary b3, not the created ones: " + mine);
            assertEquals("5", mine.get("delete_misses"), mine.toString());
        }
    }

    @Test
    void statsDetailCountsWhatMemcachedCounts() throws Exception {
        String requests = "stats detail on\r\nms pd:1 1\r\nx\r\nmd pd:1\r\nmd pf:2\r\nset ps:1 0 0 1\r\ny\r\n"
                + "delete ps:1\r\nget pg:1\r\ntouch pt:1 10\r\n";
        try (SideBySide both = new SideBySide()) {
            TextClient ours = both.ours, theirs = both.theirs;
            assertEquals(exchange(theirs, requests), exchange(ours, requests));
            for (BinaryClient c : List.of(both.oursBinary, both.theirsBinary)) {
                c.call(BinaryClient.TOUCH, 0, BinaryClient.exptimeExtras(10), "pb:1", "");
            }
            String dump = "stats detail dump\r\n";
            List<String> mine = exchange(ours, dump).lines().sorted().toList(); // memcached's order is its hash table's
            assertEquals(exchange(theirs, dump).lines().sorted().toList(), mine);
            assertTrue(mine.contains("PREFIX pb get 1 hit 0 set 0 del 0"), mine.toString());
            assertFalse(mine.stream().anyMatch(l -> l.startsWith("PREFIX pd ") || l.startsWith("PREFIX pf ")), mine.toString());
        }
    }

    @Test
    void statsItemsLeavesOutWhatNothingKeeps() throws Exception {
        try (CacheServer server = new CacheServer(); TextClient c = new TextClient(server.port())) {
            assertEquals("STORED\r\n", exchange(c, "set k 0 0 1\r\nx\r\n"));
            Map<String, String> items = StatsParityTest.stats(c, "stats items");
            assertTrue(items.keySet().stream().anyMatch(k -> k.endsWith(":outofmemory")), items.toString());
            for (String left : List.of("evicted_nonzero", "evicted_time", "expired_unfetched", "evicted_unfetched")) {
                assertFalse(items.keySet().stream().anyMatch(k -> k.endsWith(":" + left)), left + " in " + items);
            }
        }
    }
}
