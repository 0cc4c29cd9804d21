package org.mlos.bench.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The meta load generator against a real memcached: it fills, counts and drives it without a stray reply. */
class MetaLoadTest {

    static MemcachedProcess memcached;
    static int port;

    /** A memcached of {@code megabytes} with the options given, as the bench starts one; the test is skipped where none is installed. */
    static MemcachedProcess memcached(int megabytes, String... options) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("-m", String.valueOf(megabytes)));
        all.addAll(List.of(options));
        return MemcachedProcess.start(InstalledMemcached.executable(), all);
    }

    @BeforeAll
    static void startMemcached() throws Exception {
        memcached = memcached(64);
        port = memcached.port();
    }

    @AfterAll
    static void stopMemcached() throws InterruptedException {
        if (memcached != null) {
            memcached.close();
        }
    }

    @Test
    void quietFillStoresEveryItemAndCountsThem() throws IOException {
        long before = MetaLoad.currentItems(port);
        assertEquals(2_345, MetaLoad.fill(port, "fill:", 2_345, 32, 100));
        assertEquals(before + 2_345, MetaLoad.currentItems(port));
    }

    @Test
    void pipelinedLoadCountsEveryRequestAndHitsWhatWasSet() throws Exception {
        MetaLoad load = new MetaLoad(500, 32, 100, 0.9, 8);
        load.prefill(port);
        MetaLoad.Result r = load.run(port, 3, 120, 400); // bounded by batches: 3 x 400 x 8 requests
        assertEquals(3L * 400 * 8, r.operations());
        assertEquals(r.operations(), java.util.Arrays.stream(r.histogram()).sum(), "one latency per request");
        // every key was set first, so every get hits: about 90% of the requests
        assertTrue(r.hits() > r.operations() * 0.85 && r.hits() < r.operations() * 0.95, "hits " + r.hits());
        assertTrue(r.percentileMicros(0.99) >= r.percentileMicros(0.5));
    }

    /** The bench's throughput rows start on full caches: the fill goes on until the server evicts. */
    @Test
    void aFillUntilEvictingStopsOnceTheServerEvicts() throws Exception {
        try (MemcachedProcess small = memcached(8)) {
            MetaLoad.Filled f = MetaLoad.fillUntilEvicting(small.port(), 32, 100);
            assertEquals(8L << 20, f.limitBytes());
            assertTrue(f.evictions() > 0, "evictions " + f.evictions());
            long items = MetaLoad.currentItems(small.port());
            assertTrue(items < f.stored(), items + " items kept of " + f.stored() + " stored");
            // it evicted none until its last batch (10,000 items): all before that were kept, and a
            // full memcached keeps as many items of one size as it holds
            assertTrue(f.stored() - 10_000 <= items + 100, "stored " + f.stored() + ", kept " + items);
        }
    }

    /** memcached -M answers a set it has no room for with SERVER_ERROR out of memory, even a quiet one. */
    @Test
    void aFillCountsWhatTheServerRefusedAsNotStored() throws Exception {
        try (MemcachedProcess refusing = memcached(8, "-M")) {
            long stored = MetaLoad.fill(refusing.port(), "fill:", 150_000, 32, 100);
            assertTrue(stored < 150_000, "stored " + stored);
            assertEquals(MetaLoad.currentItems(refusing.port()), stored);
        }
    }

    @Test
    void aServerThatNeverEvictsStopsTheFillSayingSo() throws Exception {
        try (MemcachedProcess refusing = memcached(8, "-M")) {
            IOException e = assertThrows(IOException.class, () -> MetaLoad.fillUntilEvicting(refusing.port(), 32, 100));
            assertTrue(e.getMessage().contains("evicted none"), e.getMessage());
        }
    }

    @Test
    void aMissingFigureIsNamed() throws IOException {
        IOException e = assertThrows(IOException.class, () -> MetaLoad.stat(port, "no_such_figure"));
        assertTrue(e.getMessage().contains("no_such_figure"), e.getMessage());
    }

    @Test
    void keysArePaddedToTheirLength() {
        assertEquals("meta:000000000000000000000000042", new String(MetaLoad.key("meta:", 42, 32)));
    }

    @Test
    void badParametersAreRefusedSayingWhich() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MetaLoad(10, 300, 100, 0.9, 8));
        assertTrue(e.getMessage().contains("keyBytes=300"), e.getMessage());
    }

    @Test
    void rssIsReadInKilobytes() throws IOException {
        assertEquals(70_312, Rss.parse("Name:\tmemcached\nVmRSS:\t   70312 kB\nThreads:\t6\n"));
        assertTrue(Rss.kilobytes(ProcessHandle.current().pid()) > 0);
        assertThrows(IOException.class, () -> Rss.parse("Name:\tkthreadd\n"));
    }
}
