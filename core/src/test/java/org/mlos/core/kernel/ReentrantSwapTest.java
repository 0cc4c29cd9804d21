package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/** An implementation calling its own kind's handle while that handle is mid-swap must not deadlock. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReentrantSwapTest {

    /** Inside add("outer"), waits a moment (so the swap is under way), then calls the handle again. */
    static final class CallsBack extends MapCounters {
        final CountDownLatch inside = new CountDownLatch(1);
        volatile Counters self;

        CallsBack(String name) {
            super(name);
        }

        @Override
        public long add(String key, long delta) {
            if (key.equals("outer")) {
                inside.countDown();
                sleep(300);
                self.add("inner", 1);
                return super.add(key, delta) + self.get("inner");
            }
            return super.add(key, delta);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reentrantCallDuringSwap(boolean countCalls) throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withCountCalls(countCalls));
        Counters handle = kernel.handle(Counters.class);
        CallsBack a = new CallsBack("a");
        a.self = handle;
        kernel.install(Counters.class, "a", a, 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);

        CompletableFuture<Long> outer = CompletableFuture.supplyAsync(() -> handle.add("outer", 1));
        assertTrue(a.inside.await(5, TimeUnit.SECONDS));
        AtomicReference<SwapReport> report = new AtomicReference<>();
        Thread swapper = Thread.ofPlatform().start(() -> report.set(kernel.swap("Counters", "b")));

        assertEquals(2, outer.get(10, TimeUnit.SECONDS));
        swapper.join(10_000);
        assertEquals(SwapOutcome.COMPLETED, report.get().outcome(), report.get().toLine());
        assertEquals("b", handle.who());
        assertEquals(1, handle.get("outer"));
        assertEquals(1, handle.get("inner"));
    }

    @Test
    void reentrantCallFromADirectCallCompletes() throws Exception {
        reentrantCallDuringSwap(false);
    }

    @Test
    void reentrantCallFromACountedCallDuringTheDrainCompletes() throws Exception {
        reentrantCallDuringSwap(true);
    }

    /**
     * The outer call starts after the drain (from the export, which runs before the hold) and makes
     * its nested call only once the gate holds new calls: without the re-entrancy bypass the nested
     * call would be held, the outer call never end, and the hold time out.
     */
    @Test
    void reentrantCallWhileCallersAreHeldCompletes() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withCountCalls(true).withDrainMillis(5_000));
        Counters handle = kernel.handle(Counters.class);
        AtomicReference<Thread> outerThread = new AtomicReference<>();
        AtomicReference<Boolean> nestedRanWhileHeld = new AtomicReference<>();
        CountDownLatch inside = new CountDownLatch(1);
        MapCounters a = new MapCounters("a") {
            @Override
            public long add(String key, long delta) {
                if (key.equals("outer")) {
                    inside.countDown();
                    CallGate<?> gate = kernel.gate("Counters");
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!gate.holding() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    nestedRanWhileHeld.set(gate.holding());
                    handle.add("inner", 1);
                }
                return super.add(key, delta);
            }

            @Override
            public org.mlos.core.state.StateExport exportState(String format) {
                if (outerThread.get() == null) {
                    outerThread.set(Thread.ofPlatform().name("outer").start(() -> handle.add("outer", 1)));
                    try {
                        assertTrue(inside.await(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.exportState(format);
            }
        };
        kernel.install(Counters.class, "a", a, 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);

        SwapReport r = kernel.swap("Counters", "b");
        outerThread.get().join(10_000);

        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertEquals(Boolean.TRUE, nestedRanWhileHeld.get(), "the nested call ran while the gate held callers");
        assertEquals("b", handle.who());
        assertEquals(1, handle.get("outer"));
        assertEquals(1, handle.get("inner"));
    }

    @Test
    void swapRequestedFromInsideACallIsRefusedNotDeadlocked() {
        SwapKernel kernel = new SwapKernel();
        Counters handle = kernel.handle(Counters.class);
        AtomicReference<SwapReport> report = new AtomicReference<>();
        MapCounters a = new MapCounters("a") {
            @Override
            public long add(String key, long delta) {
                report.set(kernel.swap("Counters", "b"));
                return super.add(key, delta);
            }
        };
        kernel.install(Counters.class, "a", a, 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        assertEquals(1, handle.add("x", 1));
        assertEquals(SwapOutcome.REFUSED, report.get().outcome());
        assertTrue(report.get().reason().contains("from inside a call"), report.get().reason());
        assertEquals("a", handle.who());
    }
}
