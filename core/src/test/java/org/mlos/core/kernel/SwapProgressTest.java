package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapProgress;
import org.mlos.core.api.SwapProgress.Phase;
import org.mlos.core.api.SwapReport;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.GatedCounters;
import org.mlos.core.testkinds.PlainCounters;

/**
 * {@code mlos swap} could only say it was still waiting: nothing told how far a large swap had got.
 * The kernel's view of the swaps under way, stopped at known points by an export that waits on
 * the test: each pass's count is exact there, phases only advance, and the view is empty after.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SwapProgressTest {

    private static final int ENTRIES = 5_000;
    private static final int EVERY = 1_000;

    @Test
    void aLiveSwapShowsEachPreCopyPassWithExactCountsThenCheckingAndSwitchingAndNothingAfter() throws Exception {
        SwapKernel kernel = new SwapKernel();
        Counters handle = kernel.handle(Counters.class);
        GatedCounters a = new GatedCounters("a", EVERY);
        GatedCounters b = new GatedCounters("b", EVERY);
        kernel.install(Counters.class, "a", a, 0);
        kernel.install(Counters.class, "b", b, 0);
        for (int i = 0; i < ENTRIES; i++) {
            handle.add("k" + i, 1);
        }
        assertEquals(List.of(), kernel.swapsInFlight(), "no swap runs yet");

        Sampler sampler = new Sampler(kernel);
        sampler.start();
        CompletableFuture<SwapReport> swap = CompletableFuture.supplyAsync(() -> kernel.swap("Counters", "b"));
        try {
            for (int k = 1; k <= ENTRIES / EVERY; k++) {
                SwapProgress p = at(a, kernel);
                assertEquals(Phase.PRE_COPY, p.phase(), p.toLine());
                assertEquals(1, p.pass(), p.toLine());
                assertEquals((long) k * EVERY, p.done(), p.toLine());
                assertEquals(ENTRIES, p.total(), p.toLine());
                assertEquals("entries", p.unit());
                assertEquals("live", p.mode());
                assertEquals("a", p.from());
                assertEquals("b", p.to());
                assertTrue(p.toLine().startsWith("swap Counters a -> b: pre-copy pass 1, "
                        + String.format(java.util.Locale.ROOT, "%,d/%,d entries, ", k * EVERY, ENTRIES)), p.toLine());
                if (k == 1) {
                    // Callers change 1,000 keys during the first pass: a second pass replays them.
                    for (int i = 0; i < EVERY; i++) {
                        handle.add("k" + i, 1);
                    }
                }
                a.proceed.release();
            }
            SwapProgress replay = at(a, kernel);
            assertEquals(Phase.PRE_COPY, replay.phase(), replay.toLine());
            assertEquals(2, replay.pass(), replay.toLine());
            assertEquals("keys", replay.unit());
            assertEquals(EVERY, replay.total(), replay.toLine());
            assertEquals(EVERY - 1, replay.done(), "stopped before the " + EVERY + "th lookup: " + replay.toLine());
            assertTrue(replay.toLine().contains("pre-copy pass 2, 999/1,000 changed keys"), replay.toLine());
            a.proceed.release();

            SwapProgress checking = at(b, kernel);
            assertEquals(Phase.CHECKING, checking.phase(), checking.toLine());
            b.proceed.release();
            SwapProgress switching = at(a, kernel);
            assertEquals(Phase.SWITCHING, switching.phase(), switching.toLine());
            a.open();
            b.open();

            SwapReport r = swap.get(30, TimeUnit.SECONDS);
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            assertEquals(List.of(), kernel.swapsInFlight(), "the view is empty once the swap ended");
        } finally {
            a.open();
            b.open();
            sampler.finish();
        }
        sampler.assertOrdered();
        assertTrue(sampler.seen() > 0, "the sampler saw the swap");
        for (int i = 0; i < ENTRIES; i++) {
            assertEquals(i < EVERY ? 2 : 1, handle.get("k" + i), "k" + i);
        }
        assertEquals("b", handle.who());
    }

    @Test
    void aHeldSwapShowsItsFinalCopyWithCallersHeld() throws Exception {
        SwapKernel kernel = new SwapKernel();
        PlainCounters handle = kernel.handle(PlainCounters.class);
        GatedCounters a = new GatedCounters("a", EVERY);
        kernel.install(PlainCounters.class, "a", a, 0);
        kernel.install(PlainCounters.class, "b", new org.mlos.core.testkinds.MapCounters("b"), 0);
        for (int i = 0; i < 3 * EVERY; i++) {
            handle.add("k" + i, 1);
        }
        CompletableFuture<SwapReport> swap = CompletableFuture.supplyAsync(() -> kernel.swap("PlainCounters", "b"));
        try {
            for (int k = 1; k <= 3; k++) {
                SwapProgress p = at(a, kernel);
                assertEquals(Phase.FINAL_COPY, p.phase(), p.toLine());
                assertEquals("held", p.mode());
                assertEquals((long) k * EVERY, p.done(), p.toLine());
                assertEquals(3L * EVERY, p.total(), p.toLine());
                assertTrue(p.toLine().contains("final copy, "), p.toLine());
                a.proceed.release();
            }
            a.open();
            assertEquals(SwapOutcome.COMPLETED, swap.get(30, TimeUnit.SECONDS).outcome());
        } finally {
            a.open();
        }
        assertEquals(List.of(), kernel.swapsInFlight());
    }

    @Test
    void aSwapThatRollsBackLeavesTheViewToo() throws Exception {
        SwapKernel kernel = new SwapKernel();
        Counters handle = kernel.handle(Counters.class);
        GatedCounters a = new GatedCounters("a", EVERY);
        GatedCounters b = new GatedCounters("b", EVERY) {
            @Override
            public void beforeServing() {
                throw new IllegalStateException("refuses to serve");
            }
        };
        kernel.install(Counters.class, "a", a, 0);
        kernel.install(Counters.class, "b", b, 0);
        handle.add("x", 1);
        a.open();
        SwapReport r = kernel.swap("Counters", "b");
        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertEquals(List.of(), kernel.swapsInFlight());
    }

    /** Waits until the gated implementation stops the swap, then returns the one swap the view shows. */
    private static SwapProgress at(GatedCounters gated, SwapKernel kernel) throws InterruptedException {
        assertTrue(gated.reached.tryAcquire(20, TimeUnit.SECONDS), "the swap did not reach the next stop");
        List<SwapProgress> now = kernel.swapsInFlight();
        assertEquals(1, now.size(), now.toString());
        return now.get(0);
    }

    /** Reads the view over and over while the swap runs: what it sees must only move forward. */
    private static final class Sampler extends Thread {
        private final SwapKernel kernel;
        private final List<SwapProgress> seen = new ArrayList<>();
        private volatile boolean done;
        private volatile Throwable failure;

        Sampler(SwapKernel kernel) {
            super("progress-sampler");
            this.kernel = kernel;
        }

        @Override
        public void run() {
            try {
                while (!done) {
                    for (SwapProgress p : kernel.swapsInFlight()) {
                        SwapProgress last = seen.isEmpty() ? null : seen.get(seen.size() - 1);
                        if (last == null || last.phase() != p.phase() || last.pass() != p.pass() || last.done() != p.done()) {
                            seen.add(p);
                        }
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        void finish() throws InterruptedException {
            done = true;
            join(10_000);
        }

        int seen() {
            return seen.size();
        }

        void assertOrdered() {
            assertNull(failure);
            SwapProgress last = null;
            for (SwapProgress p : seen) {
                if (last != null) {
                    int byPhase = p.phase().compareTo(last.phase());
                    assertTrue(byPhase >= 0, "phase went back: " + last.toLine() + " then " + p.toLine());
                    if (byPhase == 0) {
                        assertTrue(p.pass() >= last.pass(), "pass went back: " + last.toLine() + " then " + p.toLine());
                        if (p.pass() == last.pass()) {
                            assertTrue(p.done() >= last.done(), "count went back: " + last.toLine() + " then " + p.toLine());
                        }
                    }
                }
                if (p.total() >= 0) {
                    assertTrue(p.done() <= p.total(), p.toLine());
                }
                last = p;
            }
        }
    }

}
