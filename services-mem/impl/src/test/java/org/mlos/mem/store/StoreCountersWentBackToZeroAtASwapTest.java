package org.mlos.mem.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreStats;

/**
 * memcached's {@code total_items}, {@code evictions} and the other counters of a store went back to
 * zero at every store swap (each store counted for itself), so after slab, lru and heap again
 * {@code total_items} read below {@code curr_items}, which memcached never shows, and an exporter
 * saw a counter reset. The counters now travel with the items, and a store swapped in again counts
 * on from what it is given, not from what it counted when it served before.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoreCountersWentBackToZeroAtASwapTest {

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (String a : List.of("heap", "lru", "slab", "log")) {
            for (String b : List.of("heap", "lru", "slab", "log")) {
                if (!a.equals(b)) {
                    out.add(Arguments.of(a, b));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} -> {0}")
    @MethodSource("pairs")
    void everyCounterGoesOnAcrossSwapsThereAndBack(String first, String second) {
        SwapKernel kernel = new SwapKernel();
        KeyValueStore h = kernel.handle(KeyValueStore.class);
        kernel.install(KeyValueStore.class, first, Stores.create(first, 16L << 20), 0);
        kernel.install(KeyValueStore.class, second, Stores.create(second, 16L << 20), 0);

        work(h, "a", 300);
        StoreStats before = h.stats();
        SwapReport there = kernel.swap(KeyValueStore.class.getName(), second);
        assertEquals(SwapOutcome.COMPLETED, there.outcome(), there.toLine());
        assertEquals(before.entries(), there.entries(), "the report counts items, not the counters beside them: " + there.toLine());
        assertCounters(before, h.stats(), "after " + first + " -> " + second);

        work(h, "b", 200);
        StoreStats second1 = h.stats();
        SwapReport back = kernel.swap(KeyValueStore.class.getName(), first);
        assertEquals(SwapOutcome.COMPLETED, back.outcome(), back.toLine());
        // the first store counted 300 rounds when it served; it must not add them again
        assertCounters(second1, h.stats(), "after " + second + " -> " + first + " (served before)");

        work(h, "c", 100);
        StoreStats end = h.stats();
        assertEquals(600 * 2, end.totalItems(), "total_items: every set and add of the three rounds");
        assertTrue(end.totalItems() >= end.entries(), "total_items never below curr_items: " + end);
    }

    /**
     * Live swaps while three writers set: the counters come again at the last replay, with callers
     * held, so no set made while the copy ran is lost, and none is counted twice.
     */
    @Test
    void liveSwapsUnderWritersLoseNoCountAndDoubleNone() throws Exception {
        SwapKernel kernel = new SwapKernel();
        KeyValueStore h = kernel.handle(KeyValueStore.class);
        kernel.install(KeyValueStore.class, "heap", Stores.create("heap", 32L << 20), 0);
        kernel.install(KeyValueStore.class, "slab", Stores.create("slab", 32L << 20), 0);
        AtomicLong acknowledged = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    h.set("w" + id + "-" + (i % 2_000), "v".getBytes(US_ASCII), 0, KeyValueStore.NEVER);
                    acknowledged.incrementAndGet();
                }
            });
            writers.add(w);
            w.start();
        }
        String next = "slab";
        for (int i = 0; i < 6; i++) {
            long floor = acknowledged.get();
            SwapReport r = kernel.swap(KeyValueStore.class.getName(), next);
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            long total = h.stats().totalItems();
            assertTrue(total >= floor, "total_items " + total + " below the " + floor + " sets acknowledged before swap " + i);
            assertTrue(total <= acknowledged.get() + 3, "total_items " + total + " above the sets made");
            next = next.equals("slab") ? "heap" : "slab";
        }
        for (Thread w : writers) {
            w.join();
        }
        assertEquals(60_000, h.stats().totalItems(), "every set of the three writers, once");
        assertEquals(60_000, h.stats().sets(), "cmd_set");
    }

    /** 12 operations a round, each counter moved at least once: sets, adds, hits, misses, deletes, incr, decr, cas, touch. */
    private static void work(KeyValueStore h, String prefix, int rounds) {
        for (int i = 0; i < rounds; i++) {
            String k = prefix + i;
            long cas = h.set(k, "1".getBytes(US_ASCII), 0, KeyValueStore.NEVER);
            h.add(prefix + "added" + i, "x".getBytes(US_ASCII), 0, KeyValueStore.NEVER);
            h.get(k);
            h.get(k + "-missing");
            h.increment(k, 2);
            h.decrement(k, 1);
            h.increment(k + "-missing", 1);
            h.compareAndSet(k, "5".getBytes(US_ASCII), 0, KeyValueStore.NEVER, cas); // a stale CAS: bad value
            h.touch(k, KeyValueStore.NEVER);
            h.touch(k + "-missing", KeyValueStore.NEVER);
            h.delete(prefix + "added" + i);
            h.delete(k + "-missing");
        }
    }

    private static void assertCounters(StoreStats expected, StoreStats actual, String when) {
        long[][] pairs = {
                { expected.totalItems(), actual.totalItems() }, { expected.sets(), actual.sets() },
                { expected.getHits(), actual.getHits() }, { expected.getMisses(), actual.getMisses() },
                { expected.deleteHits(), actual.deleteHits() }, { expected.deleteMisses(), actual.deleteMisses() },
                { expected.incrHits(), actual.incrHits() }, { expected.incrMisses(), actual.incrMisses() },
                { expected.decrHits(), actual.decrHits() }, { expected.casBadValue(), actual.casBadValue() },
                { expected.touchHits(), actual.touchHits() }, { expected.touchMisses(), actual.touchMisses() },
                { expected.evictions(), actual.evictions() }, { expected.reclaimed(), actual.reclaimed() } };
        String[] names = { "total_items", "cmd_set", "get_hits", "get_misses", "delete_hits", "delete_misses",
                "incr_hits", "incr_misses", "decr_hits", "cas_badval", "touch_hits", "touch_misses", "evictions", "reclaimed" };
        for (int i = 0; i < pairs.length; i++) {
            assertEquals(pairs[i][0], pairs[i][1], names[i] + " " + when);
        }
        assertTrue(actual.getHits() > 0 && actual.deleteHits() > 0 && actual.casBadValue() > 0, "the work moved the counters: " + actual);
    }
}
