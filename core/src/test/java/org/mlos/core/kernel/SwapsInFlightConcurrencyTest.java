package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapProgress;
import org.mlos.core.api.SwapProgress.Phase;
import org.mlos.core.api.SwapReport;
import org.mlos.core.testing.CallerLoad;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.GatedCounters;
import org.mlos.core.testkinds.MapCounters;
import org.mlos.core.testkinds.PlainCounters;
import org.mlos.core.testkinds.Tallies;

/**
 * The view of swaps under way read by many threads while swaps of several kinds start and end
 * under callers. A read once showed the swap that was ending beside the next swap of the same
 * kind (a walk of a concurrent set of swaps); now every read is a consistent picture (one swap per kind at most, counts within
 * totals), a swap held still by its export shows in every read with its exact count, no swap is
 * lost from the history and no caller's update is lost, and the view is empty at the end.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SwapsInFlightConcurrencyTest {

    private static final int SWAPS_PER_KIND = 300;
    private static final int READERS = 4;
    private static final int READS = 20_000;
    private static final int PINNED_AT = 500;

    @Test
    void manyReadersSeeConsistentProgressWhileSwapsOfSeveralKindsStartAndEnd() throws Exception {
        SwapKernel kernel = new SwapKernel(new KernelSettings(KernelSettings.DEFAULT_DRAIN_MILLIS, 0, false,
                4 * SWAPS_PER_KIND, KernelSettings.defaults().defaultImpl()));
        Counters live = kernel.handle(Counters.class);
        PlainCounters held = kernel.handle(PlainCounters.class);
        Tallies pinned = kernel.handle(Tallies.class);
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        kernel.install(PlainCounters.class, "a", new MapCounters("a"), 0);
        kernel.install(PlainCounters.class, "b", new MapCounters("b"), 0);
        GatedCounters stuck = new GatedCounters("a", PINNED_AT);
        kernel.install(Tallies.class, "a", stuck, 0);
        GatedCounters target = new GatedCounters("b", Integer.MAX_VALUE);
        target.open();
        kernel.install(Tallies.class, "b", target, 0);
        for (int i = 0; i < 2 * PINNED_AT; i++) {
            pinned.add("t" + i, 1);
        }

        // One swap held still at a known point for the whole test: every read must show it.
        CompletableFuture<SwapReport> pinnedSwap = CompletableFuture.supplyAsync(() -> kernel.swap("Tallies", "b"));
        assertTrue(stuck.reached.tryAcquire(20, TimeUnit.SECONDS));

        CallerLoad liveLoad = CallerLoad.start(2, 1, 64, "l", key -> live.add(key, 1));
        CallerLoad heldLoad = CallerLoad.start(2, 1, 64, "h", key -> held.add(key, 1));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        List<List<SwapReport>> reports = new ArrayList<>();
        for (String kind : List.of("Counters", "PlainCounters")) {
            List<SwapReport> mine = new ArrayList<>();
            reports.add(mine);
            threads.add(Thread.ofPlatform().name("swapper-" + kind).start(() -> {
                try {
                    for (int i = 0; i < SWAPS_PER_KIND; i++) {
                        mine.add(kernel.swap(kind, i % 2 == 0 ? "b" : "a"));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        long[] others = new long[READERS];
        for (int r = 0; r < READERS; r++) {
            int reader = r;
            threads.add(Thread.ofPlatform().name("reader-" + r).start(() -> {
                try {
                    for (int i = 0; i < READS; i++) {
                        others[reader] += check(kernel.swapsInFlight());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        liveLoad.stop();
        heldLoad.stop();
        stuck.open();
        assertEquals(SwapOutcome.COMPLETED, pinnedSwap.get(30, TimeUnit.SECONDS).outcome());

        assertEquals(List.of(), new ArrayList<>(failures));
        liveLoad.assertNoFailures();
        heldLoad.assertNoFailures();
        liveLoad.assertNothingLost(live::get);
        heldLoad.assertNothingLost(held::get);
        for (List<SwapReport> mine : reports) {
            assertEquals(SWAPS_PER_KIND, mine.size());
            for (SwapReport r : mine) {
                assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            }
        }
        assertEquals(2 * SWAPS_PER_KIND + 1, kernel.history().size(), "every swap reached the history");
        assertEquals(List.of(), kernel.swapsInFlight(), "nothing is left in the view");
        System.out.println("SwapsInFlightConcurrencyTest: " + READERS * READS + " reads saw "
                + java.util.Arrays.stream(others).sum() + " swaps of the other kinds under way");
    }

    /** Checks one read; returns how many swaps besides the pinned one it showed. */
    private static int check(List<SwapProgress> now) {
        Set<String> kinds = new HashSet<>();
        boolean sawPinned = false;
        for (SwapProgress p : now) {
            assertTrue(kinds.add(p.kind()), "two swaps of one kind at once: " + now);
            assertNotEquals(p.from(), p.to(), p.toLine());
            assertTrue(p.done() >= 0 && (p.total() < 0 || p.done() <= p.total()), p.toLine());
            assertTrue(p.elapsedMillis() >= 0, p.toLine());
            assertEquals(p.phase() == Phase.PRE_COPY, p.pass() > 0, p.toLine());
            if (p.kind().equals(Tallies.class.getName())) {
                sawPinned = true;
                assertEquals(Phase.PRE_COPY, p.phase(), p.toLine());
                assertEquals(PINNED_AT, p.done(), p.toLine());
                assertEquals(2L * PINNED_AT, p.total(), p.toLine());
            }
        }
        assertTrue(sawPinned, "the pinned swap is missing from " + now);
        return now.size() - 1;
    }
}
