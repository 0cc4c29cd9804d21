package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.SwapAware;
import org.mlos.core.testing.CallerLoad;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.ForwardingImport;
import org.mlos.core.testkinds.MapCounters;

/** Every failure leaves the old implementation serving, with its state, and says where it failed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RollbackTest {

    private final SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(300));
    private final Counters handle = kernel.handle(Counters.class);
    private final MapCounters a = new MapCounters("a");

    private SwapReport swapTo(MapCounters b) {
        kernel.install(Counters.class, "a", a, 0);
        for (int i = 0; i < 50; i++) {
            handle.add("k" + i, i + 1);
        }
        kernel.install(Counters.class, b.who(), b, 0);
        return kernel.swap("Counters", b.who());
    }

    private void assertOldServesIntact(SwapReport r, SwapOutcome outcome, SwapStep step) {
        assertEquals(outcome, r.outcome(), r.toLine());
        assertEquals(step, r.failedStep(), r.toLine());
        assertTrue(r.reason() != null && !r.reason().isBlank(), r.toLine());
        assertEquals("a", handle.who());
        assertEquals(50, handle.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(i + 1, handle.get("k" + i));
        }
        assertEquals(1276, handle.add("k0", 1275), "the old implementation still takes writes");
        assertEquals("a", kernel.kind("Counters").orElseThrow().active());
    }

    @Test
    void noCommonFormatIsRefusedBeforeAnythingChanges() {
        MapCounters b = new MapCounters("b") {
            @Override
            public List<String> importFormats() {
                return List.of("something-else");
            }
        };
        SwapReport r = swapTo(b);
        assertOldServesIntact(r, SwapOutcome.REFUSED, SwapStep.NEGOTIATE);
        assertTrue(r.reason().contains("no common state format"), r.reason());
    }

    @Test
    void failingExportRollsBack() {
        MapCounters failing = new MapCounters("a") {
            @Override
            public StateExport exportState(String format) {
                throw new IllegalStateException("export broke");
            }
        };
        kernel.install(Counters.class, "a", failing, 0);
        handle.add("x", 1);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        SwapReport r = kernel.swap("Counters", "b");
        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome());
        assertEquals(SwapStep.EXPORT, r.failedStep());
        assertTrue(r.reason().contains("export broke"));
        assertEquals("a", handle.who());
        assertEquals(1, handle.get("x"));
    }

    @Test
    void failingImportRollsBack() throws Exception {
        MapCounters b = new MapCounters("b") {
            @Override
            public StateImport importState(String format) {
                return new ForwardingImport((EntryImport) super.importState(format)) {
                    int n;

                    @Override
                    public void put(StateEntry entry) throws Exception {
                        if (++n == 20) {
                            throw new java.io.IOException("disk full");
                        }
                        super.put(entry);
                    }
                };
            }
        };
        kernel.install(Counters.class, "a", a, 0);
        for (int i = 0; i < 50; i++) {
            handle.add("k" + i, i + 1);
        }
        kernel.install(Counters.class, b.who(), b, 0);
        CallerLoad load = CallerLoad.start(2, 2, 8, key -> handle.add("load-" + key, 1));
        SwapReport r = kernel.swap("Counters", b.who());
        load.stop();
        load.assertNoFailures();
        load.assertNothingLost(key -> handle.get("load-" + key));
        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertEquals(SwapStep.IMPORT, r.failedStep(), r.toLine());
        assertTrue(r.reason().contains("disk full"), r.reason());
        assertEquals("a", handle.who());
        for (int i = 0; i < 50; i++) {
            assertEquals(i + 1, handle.get("k" + i));
        }
    }

    @Test
    void checkThatFailsOnTheFirstCallsRollsBack() {
        class Broken extends MapCounters implements SwapAware {
            Broken() {
                super("b");
            }

            @Override
            public long get(String key) {
                throw new IllegalStateException("b is broken");
            }

            @Override
            public void beforeServing() {
                get("k0");
            }
        }
        SwapReport r = swapTo(new Broken());
        assertOldServesIntact(r, SwapOutcome.ROLLED_BACK, SwapStep.CHECK);
        assertTrue(r.reason().contains("b is broken"), r.reason());
    }

    @Test
    void drainTimeoutRollsBackAndStuckCallFinishesOnTheOldImplementation() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        MapCounters slow = new MapCounters("a") {
            @Override
            public long add(String key, long delta) {
                if (key.equals("slow")) {
                    inside.countDown();
                    try {
                        letGo.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.add(key, delta);
            }
        };
        kernel.install(Counters.class, "a", slow, 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        handle.add("x", 2);
        Thread stuck = Thread.ofPlatform().name("stuck-caller").start(() -> handle.add("slow", 1));
        assertTrue(inside.await(5, TimeUnit.SECONDS));

        SwapReport r = kernel.swap("Counters", "b");

        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertEquals(SwapStep.DRAIN, r.failedStep());
        assertTrue(r.reason().contains("stuck-caller"), r.reason());
        assertEquals("a", handle.who());
        letGo.countDown();
        stuck.join(5_000);
        assertEquals(1, handle.get("slow"));
        assertEquals(2, handle.get("x"));
        assertEquals(SwapOutcome.COMPLETED, kernel.swap("Counters", "b").outcome());
        assertEquals(1, handle.get("slow"));
    }

    /**
     * A call that starts after the drain (here: from the export, which runs between drain and
     * hold) and never finishes makes the hold time out; the callers held meanwhile are released
     * onto the old implementation and lose nothing.
     */
    @Test
    void holdTimeoutRollsBackAndReleasesEveryHeldCaller() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Thread> stuck = new java.util.concurrent.atomic.AtomicReference<>();
        MapCounters slow = new MapCounters("a") {
            @Override
            public long add(String key, long delta) {
                if (key.equals("slow")) {
                    inside.countDown();
                    try {
                        letGo.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.add(key, delta);
            }

            @Override
            public StateExport exportState(String format) {
                if (stuck.get() == null) {
                    stuck.set(Thread.ofPlatform().start(() -> handle.add("slow", 1))); // mediated: the swap closed the direct path
                    try {
                        inside.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.exportState(format);
            }
        };
        kernel.install(Counters.class, "a", slow, 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        CallerLoad load = CallerLoad.start(2, 2, 8, key -> handle.add(key, 1));

        SwapReport r = kernel.swap("Counters", "b");

        load.stop();
        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertEquals(SwapStep.HOLD, r.failedStep(), r.toLine());
        assertEquals("a", handle.who());
        load.assertNoFailures();
        load.assertNothingLost(handle::get);
        letGo.countDown();
        stuck.get().join(5_000);
        assertEquals(1, handle.get("slow"));
        assertEquals(SwapOutcome.COMPLETED, kernel.swap("Counters", "b").outcome());
        load.assertNothingLost(handle::get);
    }

    @Test
    void implementationWithoutStateFormatsIsRefused() {
        class Opaque implements Counters {
            public long add(String key, long delta) { return 0; }
            public long get(String key) { return 0; }
            public int size() { return 0; }
            public void clear() { }
            public String who() { return "opaque"; }
        }
        kernel.install(Counters.class, "a", a, 0);
        kernel.install(Counters.class, "opaque", new Opaque(), 0);
        SwapReport r = kernel.swap("Counters", "opaque");
        assertEquals(SwapOutcome.REFUSED, r.outcome());
        assertTrue(r.reason().contains("Transferable"), r.reason());
        assertEquals("a", handle.who());
    }
}
