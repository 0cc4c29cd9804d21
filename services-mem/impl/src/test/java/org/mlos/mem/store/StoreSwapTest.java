package org.mlos.mem.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.testing.CallerLoad;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.store.log.LogStore;
import org.mlos.mem.store.slab.SlabStore;

/**
 * Swaps between every pair of stores while writers increment counters and readers read: every
 * entry moves, no acknowledged increment is lost or doubled, budgets hold.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoreSwapTest {

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (String a : List.of("heap", "slab", "log")) {
            for (String b : List.of("heap", "slab", "log")) {
                if (!a.equals(b)) {
                    out.add(Arguments.of(a, b));
                }
            }
        }
        // lru, the other Java 17 store: what a Java 17 runtime swaps between, and to off-heap
        out.add(Arguments.of("heap", "lru"));
        out.add(Arguments.of("lru", "heap"));
        out.add(Arguments.of("lru", "slab"));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} <-> {1}")
    @MethodSource("pairs")
    void swapsUnderLoadLoseNothing(String first, String second) throws Exception {
        long capacity = 32L << 20;
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(20_000));
        KeyValueStore h = kernel.handle(KeyValueStore.class);
        AbstractStore a = Stores.create(first, capacity);
        AbstractStore b = Stores.create(second, capacity);
        kernel.install(KeyValueStore.class, first, a, 0);
        kernel.install(KeyValueStore.class, second, b, 0);

        int counters = 64;
        int filler = 5_000;
        for (int k = 0; k < counters; k++) {
            h.set("c" + k, "0".getBytes(US_ASCII), k, KeyValueStore.NEVER);
        }
        for (int i = 0; i < filler; i++) {
            h.set("f" + i, ("filler-" + i).getBytes(US_ASCII), 0, KeyValueStore.NEVER);
        }
        CallerLoad load = CallerLoad.start(3, 0, counters, "c", key -> h.increment(key, 1));
        load.alongside("reader", i -> {
            int f = (int) (i % filler);
            StoreEntry e = h.get("f" + f);
            if (e == null || !new String(e.value(), US_ASCII).equals("filler-" + f)) {
                throw new AssertionError("f" + f + " read as " + e);
            }
        });

        List<SwapReport> reports = new ArrayList<>();
        String next = second;
        for (int i = 0; i < 10; i++) {
            Thread.sleep(30);
            reports.add(kernel.swap(KeyValueStore.class.getName(), next));
            next = next.equals(first) ? second : first;
        }
        load.stop();
        load.assertNoFailures();
        for (SwapReport r : reports) {
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            assertEquals("live", r.mode());
            assertTrue(r.entries() >= counters + filler, r.toLine());
        }
        load.assertNothingLost(key -> Long.parseLong(new String(h.get(key).value(), US_ASCII)));
        for (int k = 0; k < counters; k++) {
            assertEquals(k, h.get("c" + k).flags(), "flags move with the entry");
        }
        assertEquals(counters + filler, h.size());
        for (AbstractStore s : List.of(a, b)) {
            assertTrue(s.stats().bytes() <= capacity);
            if (s instanceof SlabStore slab) {
                assertTrue(slab.reservedBytes() <= capacity);
            }
            if (s instanceof LogStore log) {
                assertTrue(log.reservedBytes() <= capacity);
            }
        }
        AbstractStore retired = reports.size() % 2 == 0 ? b : a;
        assertEquals(0, retired.size(), "the store swapped out holds nothing");
    }

    @ParameterizedTest(name = "{0} <-> {1}")
    @MethodSource("pairs")
    void casUniquesAndPendingFlushSurviveASwap(String first, String second) throws Exception {
        SwapKernel kernel = new SwapKernel();
        KeyValueStore h = kernel.handle(KeyValueStore.class);
        kernel.install(KeyValueStore.class, first, Stores.create(first, 16L << 20), 0);
        kernel.install(KeyValueStore.class, second, Stores.create(second, 16L << 20), 0);
        long cas = h.set("k", "v".getBytes(US_ASCII), 0, 0);
        h.flushAll(System.currentTimeMillis() + 300);
        assertEquals(SwapOutcome.COMPLETED, kernel.swap(KeyValueStore.class.getName(), second).outcome());
        assertEquals(cas, h.get("k").cas(), "a CAS unique read before the swap still matches after it");
        assertTrue(h.set("k2", "w".getBytes(US_ASCII), 0, 0) > cas, "new CAS uniques stay unique");
        Thread.sleep(400);
        assertEquals(null, h.get("k"), "the pending flush moved with the state");
    }
}
