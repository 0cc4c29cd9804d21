package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.net.memcached.admin.ExpiryCrawler;

/**
 * {@code stats items} and {@code stats slabs} counted every item in the class of the average item
 * (the stores keep no slab classes), so an exporter saw one class where memcached shows each size
 * in its own; and {@code stats sizes_enable} was an ERROR. Now the expiry crawler's walk counts
 * the live items into memcached's classes and size buckets: the same items stored in a real
 * memcached and in ours give the same classes, items, requested bytes and pages, and the same
 * size histogram.
 */
@Timeout(60)
class PerClassStatsParityTest {

    /** Item shapes: count, key prefix, value bytes, flags. Items under 512 KB (memcached chains larger ones). */
    private static final Object[][] SHAPES = {
            { 60, "small", 10, 0 }, { 40, "mid", 500, 3 }, { 25, "page", 5_000, 0 }, { 4, "big", 100_000, 7 },
            { 1, "huge", 400_000, 0 } };

    @Test
    void itemsSlabsAndSizesShowMemcachedsClassesForTheSameItems() throws Exception {
        try (RealMemcached memcached = RealMemcached.start();
                CacheServer ours = new CacheServer();
                ExpiryCrawler crawler = new ExpiryCrawler(ours.store, ours.protocol.stats());
                TextClient theirs = new TextClient(memcached.port());
                TextClient mine = new TextClient(ours.port())) {
            ours.dialects.crawler(crawler);
            for (String r : List.of("stats sizes\r\n", "stats sizes_enable\r\n", "stats sizes_enable extra\r\n")) {
                assertEquals(exchange(theirs, r), exchange(mine, r), r);
            }
            for (TextClient c : List.of(theirs, mine)) {
                for (Object[] shape : SHAPES) {
                    for (int i = 0; i < (int) shape[0]; i++) {
                        String value = "v".repeat((int) shape[2]);
                        c.send("set " + shape[1] + i + " " + shape[3] + " 0 " + value.length() + "\r\n" + value + "\r\n");
                        assertEquals("STORED", c.line());
                    }
                }
            }
            assertTrue(twoPasses(crawler, mine), "two crawler passes after the sets");
            // number_hot/warm/cold differ: memcached's LRU is segmented, the stores here have no segments (all cold)
            assertEquals(lines(theirs, "stats items", ":number", ":mem_requested"),
                    lines(mine, "stats items", ":number", ":mem_requested"));
            assertEquals(lines(theirs, "stats slabs", ":chunk_size", ":chunks_per_page", ":total_pages", ":total_chunks",
                    ":used_chunks", ":free_chunks ", "active_slabs", "total_malloced"),
                    lines(mine, "stats slabs", ":chunk_size", ":chunks_per_page", ":total_pages", ":total_chunks",
                            ":used_chunks", ":free_chunks ", "active_slabs", "total_malloced"));
            assertEquals(lines(theirs, "stats settings", "track_sizes"), lines(mine, "stats settings", "track_sizes"));
            for (String r : List.of("stats sizes\r\n", "stats sizes_disable\r\n", "stats sizes\r\n")) {
                assertEquals(exchange(theirs, r), exchange(mine, r), r);
            }
            assertEquals(lines(theirs, "stats settings", "track_sizes"), lines(mine, "stats settings", "track_sizes"));
        }
    }

    /**
     * Asks for crawls until two whole passes have run since the call (the first may have started
     * before the items were set); false if they have not after 400 asks.
     */
    private static boolean twoPasses(ExpiryCrawler crawler, TextClient c) throws Exception {
        long passes = crawler.passes();
        for (int attempt = 0; attempt < 400 && crawler.passes() < passes + 2; attempt++) {
            c.call("lru_crawler crawl all"); // OK, or BUSY while a pass runs
            Thread.sleep(25);
        }
        return crawler.passes() >= passes + 2;
    }

    /** The STAT lines of a stats group that contain one of {@code names}, in order. */
    private static List<String> lines(TextClient c, String command, String... names) throws IOException {
        c.send(command + "\r\n");
        List<String> out = new ArrayList<>();
        for (String l : c.untilEnd()) {
            String line = l + " ";
            for (String n : names) {
                if (line.contains(n + " ") || line.contains(n) && n.endsWith(" ")) {
                    out.add(l);
                    break;
                }
            }
        }
        return out;
    }

    /** Sends the request and a meta no-op; every byte answered before the no-op's MN (stats sizes_enable has no END). */
    private static String exchange(TextClient c, String request) throws IOException {
        c.send(request + "mn\r\n");
        StringBuilder got = new StringBuilder();
        for (String l = c.line(); !l.equals("MN"); l = c.line()) {
            got.append(l).append("\r\n");
        }
        return got.toString();
    }

    /**
     * Between passes the current count is spread over the classes the last pass found; rounded
     * each on its own, ten classes of one item each, five of them deleted since, showed nine items
     * beside {@code curr_items 5}. By largest remainder they add up to the count.
     */
    @Test
    void theClassesAddUpToTheItemsHeldBetweenPasses() throws Exception {
        try (CacheServer ours = new CacheServer();
                ExpiryCrawler crawler = new ExpiryCrawler(ours.store, ours.protocol.stats());
                TextClient c = new TextClient(ours.port())) {
            ours.dialects.crawler(crawler);
            for (int i = 0; i < 10; i++) {
                String value = "v".repeat(100 << i); // 100 B to 51 KB: ten classes
                c.send("set k" + i + " 0 0 " + value.length() + "\r\n" + value + "\r\n");
                assertEquals("STORED", c.line());
            }
            assertTrue(twoPasses(crawler, c), "two crawler passes after the sets");
            assertEquals("OK", c.call("lru_crawler disable"));
            assertEquals(10, numbers(c).size(), "ten classes after the pass");
            for (int i = 0; i < 10; i += 2) {
                assertEquals("DELETED", c.call("delete k" + i));
            }
            List<Long> numbers = numbers(c);
            assertEquals(5, numbers.stream().mapToLong(Long::longValue).sum(), "the classes' items: " + numbers);
            assertTrue(numbers.stream().allMatch(n -> n > 0), numbers.toString());
        }
    }

    /**
     * {@code items:N:age} was always 0, so memcached-tool's Max_age column read 0 for every class. It is
     * now the seconds since the class's oldest item was stored, as memcached's grows from its LRU tail.
     */
    @Test
    void eachClassShowsTheAgeOfItsOldestItem() throws Exception {
        try (RealMemcached memcached = RealMemcached.start();
                CacheServer ours = new CacheServer();
                ExpiryCrawler crawler = new ExpiryCrawler(ours.store, ours.protocol.stats());
                TextClient theirs = new TextClient(memcached.port());
                TextClient mine = new TextClient(ours.port())) {
            ours.dialects.crawler(crawler);
            long start = System.currentTimeMillis();
            for (TextClient c : List.of(theirs, mine)) {
                c.send("set old 0 0 5\r\nvalue\r\n");
                assertEquals("STORED", c.line());
            }
            Thread.sleep(2_200);
            for (TextClient c : List.of(theirs, mine)) {
                c.send("set young 0 0 5\r\nvalue\r\n");
                assertEquals("STORED", c.line());
            }
            assertTrue(twoPasses(crawler, mine), "two crawler passes after the sets");
            long elapsed = (System.currentTimeMillis() - start) / 1000;
            for (TextClient c : List.of(theirs, mine)) {
                List<String> ages = lines(c, "stats items", ":age");
                assertEquals(1, ages.size(), "one class, both items in it: " + ages);
                long age = Long.parseLong(ages.get(0).substring(ages.get(0).lastIndexOf(' ') + 1));
                // memcached's clock ticks each second, so it may read one less than ours
                assertTrue(age >= (c == mine ? 2 : 1) && age <= elapsed + 1,
                        (c == mine ? "ours" : "memcached") + ": the oldest item's age, " + age + " after " + elapsed + " s");
            }
        }
    }

    private static List<Long> numbers(TextClient c) throws IOException {
        List<Long> out = new ArrayList<>();
        for (String l : lines(c, "stats items", ":number")) {
            out.add(Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)));
        }
        return out;
    }
}
