package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;
import org.mlos.core.testkinds.PlainCounters;

/**
 * Many threads add to counters at full speed while swaps run back and forth: no call may fail,
 * and every key must end with exactly the sum its callers were acknowledged (nothing lost,
 * nothing applied twice).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SwapUnderLoadTest {

    private static final int KEYS = 64;

    interface Adder {
        long add(String key, long delta);

        long get(String key);
    }

    @ParameterizedTest(name = "{0} kind, {1} platform + {2} virtual threads")
    @CsvSource({ "live, 6, 0", "live, 3, 3", "held, 6, 0", "held, 2, 4" })
    void nothingLostNothingDoubled(String mode, int platform, int virtual) throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(10_000));
        boolean live = mode.equals("live");
        Adder adder;
        String kind;
        if (live) {
            Counters h = kernel.handle(Counters.class);
            kernel.install(Counters.class, "a", new MapCounters("a"), 0);
            kernel.install(Counters.class, "b", new MapCounters("b"), 0);
            adder = new Adder() {
                public long add(String k, long d) { return h.add(k, d); }
                public long get(String k) { return h.get(k); }
            };
            kind = "Counters";
        } else {
            PlainCounters h = kernel.handle(PlainCounters.class);
            kernel.install(PlainCounters.class, "a", new MapCounters("a"), 0);
            kernel.install(PlainCounters.class, "b", new MapCounters("b"), 0);
            adder = new Adder() {
                public long add(String k, long d) { return h.add(k, d); }
                public long get(String k) { return h.get(k); }
            };
            kind = "PlainCounters";
        }

        int threads = platform + virtual;
        long[][] acked = new long[threads][KEYS];
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Runnable work = () -> {
                long i = 0;
                while (!stop.get()) {
                    int k = (int) (i++ % KEYS);
                    try {
                        adder.add("k" + k, 1);
                        acked[id][k]++;
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                }
            };
            workers.add(t < platform ? Thread.ofPlatform().name("worker-" + t).start(work)
                    : Thread.ofVirtual().name("vworker-" + t).start(work));
        }

        List<SwapReport> reports = new ArrayList<>();
        String next = "b";
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_000);
        while (System.nanoTime() < until && reports.size() < 300) {
            reports.add(kernel.swap(kind, next));
            next = next.equals("a") ? "b" : "a";
            Thread.sleep(2);
        }
        stop.set(true);
        for (Thread w : workers) {
            w.join(10_000);
        }

        assertTrue(failures.isEmpty(), () -> "calls failed: " + failures);
        assertTrue(reports.size() >= 20, "only " + reports.size() + " swaps ran");
        for (SwapReport r : reports) {
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            assertEquals(live ? "live" : "held", r.mode());
        }
        long total = 0;
        for (int k = 0; k < KEYS; k++) {
            long expected = 0;
            for (long[] perThread : acked) {
                expected += perThread[k];
            }
            total += expected;
            assertEquals(expected, adder.get("k" + k), "key k" + k);
        }
        assertTrue(total > 1000, "workers made only " + total + " calls");
    }
}
