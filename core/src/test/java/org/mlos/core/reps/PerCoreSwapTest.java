package org.mlos.core.reps;

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
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.testing.CallerLoad;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;
import org.mlos.core.testkinds.PerCoreCounters;
import org.mlos.core.testkinds.PlainCounters;

/**
 * A per-core kind swapped back and forth with a plain one while many threads add: every
 * representative's share moves each time (live and held swaps), so each key ends with exactly
 * what its callers were acknowledged.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PerCoreSwapTest {

    private static final int KEYS = 32;
    private static final int SWAPS = 200;

    @ParameterizedTest(name = "{0} swaps, {1} platform + {2} virtual callers")
    @CsvSource({ "live, 6, 0", "live, 3, 3", "held, 6, 0", "held, 2, 4" })
    void everyRepresentativesStateMovesInEverySwap(String mode, int platform, int virtual) throws Exception {
        SwapKernel kernel = new SwapKernel();
        PerCoreCounters perCore = new PerCoreCounters("percore", 16);
        CallerLoad load;
        String kind;
        java.util.function.ToLongFunction<String> read;
        if (mode.equals("live")) {
            Counters h = kernel.handle(Counters.class);
            kernel.install(Counters.class, "percore", perCore, 0);
            kernel.install(Counters.class, "map", new MapCounters("map"), 0);
            load = CallerLoad.start(platform, virtual, KEYS, key -> h.add(key, 1));
            read = h::get;
            kind = "Counters";
        } else {
            PlainCounters h = kernel.handle(PlainCounters.class);
            kernel.install(PlainCounters.class, "percore", perCore, 0);
            kernel.install(PlainCounters.class, "map", new MapCounters("map"), 0);
            load = CallerLoad.start(platform, virtual, KEYS, key -> h.add(key, 1));
            read = h::get;
            kind = "PlainCounters";
        }
        // Let the callers spread over several representatives before the first swap walks them.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (perCore.representatives() < Math.min(2, platform + virtual) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(perCore.representatives() >= 2, "the callers used one representative only");

        List<SwapReport> reports = new ArrayList<>();
        String next = "map";
        for (int i = 0; i < SWAPS; i++) {
            reports.add(kernel.swap(kind, next));
            next = next.equals("map") ? "percore" : "map";
        }
        load.stop();

        load.assertNoFailures();
        for (SwapReport r : reports) {
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        }
        long total = load.assertNothingLost(read);
        assertTrue(total > 0, "the callers made no call");
    }
}
