package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.SwapAware;
import org.mlos.core.testing.CallerLoad;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.ForwardingImport;
import org.mlos.core.testkinds.MapCounters;

/**
 * A swap its requester stops before the switch rolls back as a failed one does (a cluster's atomic
 * swap stops a node's swap when its coordinator died mid-copy): the old implementation keeps
 * serving with its state and every write made meanwhile; once switched, a swap is not stopped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StoppedSwapRollsBackTest {

    // Not a multiple of a batch: the copy's last ask comes before its last entries.
    private static final int ENTRIES = 10 * StateCopy.STOP_CHECK_EVERY + 100;

    private final SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(2_000));
    private final Counters handle = kernel.handle(Counters.class);

    private void fill() {
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        for (int i = 0; i < ENTRIES; i++) {
            handle.add("k" + i, i + 1);
        }
    }

    private void assertOldServesIntact() {
        assertEquals("a", handle.who());
        assertEquals("a", kernel.kind("Counters").orElseThrow().active());
        for (int i = 0; i < ENTRIES; i++) {
            assertEquals(i + 1, handle.get("k" + i), "k" + i);
        }
    }

    /** A B whose import counts what it was given. */
    private static class CountingImport extends MapCounters {
        final AtomicInteger imported = new AtomicInteger();

        CountingImport() {
            this("b");
        }

        CountingImport(String name) {
            super(name);
        }

        @Override
        public StateImport importState(String format) {
            return new ForwardingImport((EntryImport) super.importState(format)) {
                @Override
                public void put(StateEntry entry) throws Exception {
                    imported.incrementAndGet();
                    super.put(entry);
                }
            };
        }
    }

    @Test
    void aSwapStoppedDuringItsCopyRollsBackWithoutCopyingTheRest() throws Exception {
        fill();
        CountingImport b = new CountingImport();
        kernel.install(Counters.class, "b", b, 0);
        // Asked every STOP_CHECK_EVERY entries: says stop from the third ask on.
        AtomicInteger asks = new AtomicInteger();
        Supplier<String> stop = () -> asks.incrementAndGet() >= 3 ? "its coordinator left the cluster" : null;
        CallerLoad load = CallerLoad.start(2, 2, 8, key -> handle.add("load-" + key, 1));
        SwapReport r = kernel.swap("Counters", "b", "request", stop);
        load.stop();
        load.assertNoFailures();
        load.assertNothingLost(key -> handle.get("load-" + key));

        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertEquals(SwapStep.COPY, r.failedStep(), r.toLine());
        assertEquals("stopped by its requester: its coordinator left the cluster", r.reason(), r.toLine());
        assertEquals(3, asks.get(), "asked once per batch until it said stop");
        assertEquals(3 * StateCopy.STOP_CHECK_EVERY, b.imported.get(), "no entry copied after the stop");
        assertOldServesIntact();
    }

    /** Without callers the asks are: one per batch of the pre-copy, one before the hold, one before the check. */
    private static final int ASKS = ENTRIES / StateCopy.STOP_CHECK_EVERY + 2;

    @Test
    void aStopAskedAfterTheCopyStillPreventsTheHold() {
        fill();
        CountingImport b = new CountingImport();
        kernel.install(Counters.class, "b", b, 0);
        // Says stop once everything was copied: the ask before callers are held.
        Supplier<String> stop = () -> b.imported.get() >= ENTRIES ? "no decision in 30 s" : null;
        SwapReport r = kernel.swap("Counters", "b", "request", stop);

        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertEquals(SwapStep.HOLD, r.failedStep(), r.toLine());
        assertTrue(r.reason().endsWith("no decision in 30 s"), r.reason());
        assertOldServesIntact();
        assertEquals(ENTRIES + 1, handle.add("k" + (ENTRIES - 1), 1), "the old implementation still takes writes");
    }

    @Test
    void theLastAskComesBeforeTheNewImplementationIsCheckedAndNeverAfter() {
        fill();
        class Checked extends CountingImport implements SwapAware {
            volatile boolean checked;

            Checked(String name) {
                super(name);
            }

            @Override
            public void beforeServing() {
                checked = true;
            }
        }
        Checked b = new Checked("b");
        kernel.install(Counters.class, "b", b, 0);
        AtomicInteger asks = new AtomicInteger();
        SwapReport r = kernel.swap("Counters", "b", "request",
                () -> asks.incrementAndGet() == ASKS ? "its coordinator left the cluster" : null);

        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertEquals(SwapStep.CHECK, r.failedStep(), r.toLine());
        assertEquals(ASKS, asks.get());
        assertTrue(!b.checked, "a stopped swap never tells the new implementation it is about to serve");
        assertOldServesIntact();

        // Asked no more after the check: a stop that would say stop later is too late.
        Checked c = new Checked("c");
        kernel.install(Counters.class, "c", c, 0);
        AtomicInteger later = new AtomicInteger();
        SwapReport completed = kernel.swap("Counters", "c", "request",
                () -> later.incrementAndGet() > ASKS ? "too late" : null);
        assertEquals(SwapOutcome.COMPLETED, completed.outcome(), completed.toLine());
        assertEquals(ASKS, later.get());
        assertTrue(c.checked);
        assertEquals("c", handle.who());
    }

    @Test
    void aStopThatNeverSaysStopLetsTheSwapComplete() {
        fill();
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        AtomicInteger asks = new AtomicInteger();
        SwapReport r = kernel.swap("Counters", "b", "request", () -> {
            asks.incrementAndGet();
            return null;
        });

        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertNull(r.failedStep());
        assertEquals("b", handle.who());
        assertEquals(ENTRIES, handle.size());
        assertEquals(ASKS, asks.get(), "asked during the copy, before the hold and before the check");
    }
}
