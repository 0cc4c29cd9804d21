package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;
import org.mlos.core.testing.CallerLoad;
import org.mlos.core.testkinds.MapCounters;
import org.mlos.core.testkinds.PlainCounters;

/**
 * One stuck mediated call (a virtual-thread caller here) used to hold every caller of a held kind
 * for the whole drain timeout, because held swaps held first and drained after. Now they drain
 * first, holding no one, as live swaps do.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HeldSwapDrainsBeforeHoldingTest {

    @Test
    void aStuckCallFailsTheDrainWithoutHoldingAnyone() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(300));
        PlainCounters handle = kernel.handle(PlainCounters.class);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        kernel.install(PlainCounters.class, "a", new MapCounters("a") {
            @Override
            public long add(String key, long delta) {
                if (key.equals("stuck")) {
                    inside.countDown();
                    try {
                        letGo.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.add(key, delta);
            }
        }, 0);
        kernel.install(PlainCounters.class, "b", new MapCounters("b"), 0);
        Thread stuck = Thread.ofVirtual().start(() -> handle.add("stuck", 1));
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        CallerLoad load = CallerLoad.start(2, 1, 8, key -> handle.add(key, 1));

        SwapReport r = kernel.swap("PlainCounters", "b");

        load.stop();
        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertEquals(SwapStep.DRAIN, r.failedStep(), r.toLine());
        assertEquals(0, r.pauseMicros(), "nobody was held: " + r.toLine());
        assertEquals(0, r.callsHeld(), r.toLine());
        letGo.countDown();
        stuck.join(5_000);
        load.assertNoFailures();
        load.assertNothingLost(handle::get);
        assertEquals(1, handle.get("stuck"));
        assertEquals("a", handle.who());
    }
}
