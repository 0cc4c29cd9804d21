package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/**
 * A direct call that runs far below the handle's frame (1,500 frames) is still a call in flight.
 * Stack traces stop at 1,024 frames on JDK 25, which hid such calls: the swap completed while the
 * call still ran on the old implementation, and its update was lost.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeepCallDrainTest {

    private static final int DEPTH = 1_500;

    /** add("deep") recurses {@value #DEPTH} frames below the handle, then waits to be let go. */
    static final class Deep extends MapCounters {
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        volatile Counters self;
        final AtomicReference<SwapReport> fromInside = new AtomicReference<>();
        volatile SwapKernel kernel;

        Deep(String name) {
            super(name);
        }

        @Override
        public long add(String key, long delta) {
            if (key.equals("deep")) {
                return down(DEPTH, key, delta);
            }
            if (key.equals("swap-from-deep")) {
                return swapFromBelow(DEPTH, key, delta);
            }
            return super.add(key, delta);
        }

        private long down(int n, String key, long delta) {
            if (n > 0) {
                return down(n - 1, key, delta);
            }
            inside.countDown();
            await(letGo);
            return super.add(key, delta);
        }

        private long swapFromBelow(int n, String key, long delta) {
            if (n > 0) {
                return swapFromBelow(n - 1, key, delta);
            }
            fromInside.set(kernel.swap("Counters", "b"));
            return super.add(key, delta);
        }
    }

    private Thread caller;
    private Deep a;

    @AfterEach
    void letGo() throws InterruptedException {
        if (a != null) {
            a.letGo.countDown();
        }
        if (caller != null) {
            caller.join(10_000);
        }
    }

    private Counters start(SwapKernel kernel) throws InterruptedException {
        Counters handle = kernel.handle(Counters.class);
        a = new Deep("a");
        kernel.install(Counters.class, "a", a, 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        caller = Thread.ofPlatform().name("deep-caller").start(() -> handle.add("deep", 1));
        assertTrue(a.inside.await(10, TimeUnit.SECONDS));
        return handle;
    }

    @Test
    void swapWaitsForACallFarBelowTheHandleAndLosesNothing() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(20_000));
        Counters handle = start(kernel);
        AtomicReference<SwapReport> report = new AtomicReference<>();
        Thread swapper = Thread.ofPlatform().start(() -> report.set(kernel.swap("Counters", "b")));

        swapper.join(300);
        assertTrue(swapper.isAlive(), () -> "the swap did not wait for the deep call: " + report.get().toLine());
        a.letGo.countDown();
        swapper.join(20_000);

        assertEquals(SwapOutcome.COMPLETED, report.get().outcome(), report.get().toLine());
        assertEquals("stack-traces+thread-dump", report.get().quiescence(), report.get().toLine());
        assertEquals("b", handle.who());
        caller.join(10_000);
        assertEquals(1, handle.get("deep"), "the deep call's update reached the new implementation");
    }

    @Test
    void deepCallThatOutlastsTheDrainRollsBackNamingTheThread() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(300));
        Counters handle = start(kernel);

        SwapReport r = kernel.swap("Counters", "b");

        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertEquals(SwapStep.DRAIN, r.failedStep(), r.toLine());
        assertTrue(r.reason().contains("deep-caller"), r.reason());
        a.letGo.countDown();
        caller.join(10_000);
        assertEquals("a", handle.who());
        assertEquals(1, handle.get("deep"));
    }

    @Test
    void withoutTheThreadDumpACutStackIsNeverTakenForQuiet() throws Exception {
        StackSource traces = StackSource.stackTraces();
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(300),
                new Quiescence(traces));
        Counters handle = start(kernel);

        SwapReport r = kernel.swap("Counters", "b");

        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertEquals(SwapStep.DRAIN, r.failedStep(), r.toLine());
        assertTrue(r.reason().contains("deeper than the JVM reports"), r.reason());
        assertEquals("stack-traces(cut)", r.quiescence(), r.toLine());
        a.letGo.countDown();
        caller.join(10_000);
        assertEquals("a", handle.who());
        assertEquals(1, handle.get("deep"));
    }

    @Test
    void shallowStacksNeedNoThreadDump() {
        SwapKernel kernel = new SwapKernel();
        kernel.handle(Counters.class);
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        SwapReport r = kernel.swap("Counters", "b");
        assertEquals("stack-traces", r.quiescence(), r.toLine());
    }

    @Test
    void theThreadDumpSeesEveryFrame() throws Exception {
        SwapKernel kernel = new SwapKernel();
        start(kernel);
        StackTraceElement[] frames = StackSource.threadDump().of(List.of(caller))[0].frames();
        assertTrue(frames.length > DEPTH, "frames: " + frames.length);
        assertTrue(Quiescence.inDirectCall(frames, Counters.class.getName() + KindSlot.HANDLE_SUFFIX));
    }

    @Test
    void swapRequestedFarBelowACallOnTheKindIsRefused() {
        SwapKernel kernel = new SwapKernel();
        Counters handle = kernel.handle(Counters.class);
        Deep deep = new Deep("a");
        deep.kernel = kernel;
        kernel.install(Counters.class, "a", deep, 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);

        assertEquals(1, handle.add("swap-from-deep", 1));

        SwapReport r = deep.fromInside.get();
        assertEquals(SwapOutcome.REFUSED, r.outcome(), r.toLine());
        assertTrue(r.reason().contains("from inside a call"), r.reason());
        assertEquals("a", handle.who());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
