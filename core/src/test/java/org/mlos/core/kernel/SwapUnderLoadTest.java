package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.testing.CallerLoad;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;
import org.mlos.core.testkinds.PlainCounters;

/**
 * Many threads add to counters at full speed while swaps run back and forth: no call may fail,
 * and every key must end with exactly the sum its callers were acknowledged (nothing lost,
 * nothing applied twice).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SwapUnderLoadTest {

    private static final int KEYS = 64;
    /** A count, not a time window: the test must pass on a busy machine too. */
    private static final int SWAPS = 300;

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

        CallerLoad load = CallerLoad.start(platform, virtual, KEYS, key -> adder.add(key, 1));
        List<SwapReport> reports = new ArrayList<>();
        String next = "b";
        for (int i = 0; i < SWAPS; i++) {
            reports.add(kernel.swap(kind, next));
            next = next.equals("a") ? "b" : "a";
        }
        load.stop();

        load.assertNoFailures();
        for (SwapReport r : reports) {
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            assertEquals(live ? "live" : "held", r.mode());
        }
        long total = load.assertNothingLost(adder::get);
        assertTrue(total > 0, "the callers made no call");
    }
}
