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
import org.mlos.core.testing.CallerLoad;
import org.mlos.core.testkinds.Counters;
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
    private static final class CountingImport extends MapCounters {
        final AtomicInteger imported = new AtomicInteger();

        CountingImport() {
            super("b");
        }

        @Override
        public StateImport importState(String format) {
            EntryImport real = (EntryImport) super.importState(format);
            return new EntryImport() {
                @Override
                public void put(StateEntry entry) throws Exception {
                    imported.incrementAndGet();
                    real.put(entry);
                }

                @Override
                public void remove(Object key) throws Exception {
                    real.remove(key);
                }

                @Override
                public void clear() throws Exception {
                    real.clear();
                }

                @Override
                public void abort() {
                    real.abort();
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

    @Test
    void aStopAskedAfterTheCopyStillPreventsTheSwitch() {
        fill();
        CountingImport b = new CountingImport();
        kernel.install(Counters.class, "b", b, 0);
        // Says stop only once everything was copied: the last ask, right before the switch.
        Supplier<String> stop = () -> b.imported.get() >= ENTRIES ? "no decision in 30 s" : null;
        SwapReport r = kernel.swap("Counters", "b", "request", stop);

        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertEquals(SwapStep.SWITCH, r.failedStep(), r.toLine());
        assertTrue(r.reason().endsWith("no decision in 30 s"), r.reason());
        assertOldServesIntact();
        assertEquals(ENTRIES + 1, handle.add("k" + (ENTRIES - 1), 1), "the old implementation still takes writes");
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
        assertTrue(asks.get() >= ENTRIES / StateCopy.STOP_CHECK_EVERY + 1,
                "asked during the copy and before the switch: " + asks.get());
    }
}
