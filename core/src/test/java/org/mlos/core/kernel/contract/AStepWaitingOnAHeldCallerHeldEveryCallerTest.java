package org.mlos.core.kernel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.state.SwapAware;

/**
 * Found by an outsider: the incoming implementation's beforeServing() asked its own kind something
 * on a worker thread (a self-check through an executor) and waited for it. The worker's call is an
 * ordinary outer call, so the swap held it; the swap waited for beforeServing(), which waited for
 * the held call, and nothing bounded that phase: every caller of the kind was held until
 * beforeServing gave up on its own (8 s here, with a 1 s drain time; one that waits without a
 * deadline hung the kind for good). A held call now waits at most the drain time, then fails
 * unapplied; the step that waited on it fails with it and the swap rolls back.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AStepWaitingOnAHeldCallerHeldEveryCallerTest {

    static final long GIVE_UP_SECONDS = 20;

    static final class SelfChecks extends MapLedger implements SwapAware {
        final ExecutorService worker = Executors.newSingleThreadExecutor();
        final CountDownLatch checking = new CountDownLatch(1);
        volatile Ledger self;

        SelfChecks(String name) {
            super(name, true);
        }

        @Override
        public void beforeServing() throws Exception {
            checking.countDown();
            worker.submit(() -> self.get("probe")).get(GIVE_UP_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCallHeldPastTheDrainTimeFailsUnappliedAndTheStepWaitingOnItRollsTheSwapBack() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(1_000));
        Ledger h = kernel.handle(Ledger.class);
        kernel.install(Ledger.class, "a", new MapLedger("a", false), 0);
        SelfChecks b = new SelfChecks("b");
        b.self = h;
        kernel.install(Ledger.class, "b", b, 0);
        h.add("probe", 1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<SwapReport> swap = CompletableFuture.supplyAsync(() -> kernel.swap("Ledger", "b"), threads);
            b.checking.await();
            // an unrelated caller while the check waits: held, then either applied or refused, never lost
            CompletableFuture<Long> other = CompletableFuture.supplyAsync(() -> h.add("other", 1), threads);
            SwapReport r = swap.get(GIVE_UP_SECONDS - 5, TimeUnit.SECONDS);

            assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
            assertTrue(r.reason().contains("ran past its drain time (1000 ms"), r.reason());
            assertEquals("a", h.who());
            assertEquals(1, h.get("probe"));
            long otherAdded;
            try {
                otherAdded = other.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertInstanceOf(IllegalStateException.class, e.getCause());
                assertTrue(e.getCause().getMessage().contains("was not applied"), e.getCause().getMessage());
                otherAdded = 0;
            }
            assertEquals(otherAdded, h.get("other"), "what the caller was told is what the store holds");
        } finally {
            b.worker.shutdownNow();
            threads.shutdownNow();
        }
    }

    @Test
    void aCallHeldWithinTheDrainTimeWaitsAndIsApplied() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(30_000));
        Ledger h = kernel.handle(Ledger.class);
        kernel.install(Ledger.class, "a", new MapLedger("a", false), 0);
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        final class SlowCheck extends MapLedger implements SwapAware {
            SlowCheck() {
                super("b", true);
            }

            @Override
            public void beforeServing() throws Exception {
                checking.countDown();
                go.await();
            }
        }
        kernel.install(Ledger.class, "b", new SlowCheck(), 0);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<SwapReport> swap = CompletableFuture.supplyAsync(() -> kernel.swap("Ledger", "b"), threads);
            checking.await();
            CompletableFuture<Long> held = CompletableFuture.supplyAsync(() -> h.add("held", 1), threads);
            assertThrows(java.util.concurrent.TimeoutException.class, () -> held.get(200, TimeUnit.MILLISECONDS),
                    "held while the check runs");
            go.countDown();
            assertEquals(SwapOutcome.COMPLETED, swap.get(20, TimeUnit.SECONDS).outcome());
            assertEquals(1, held.get(20, TimeUnit.SECONDS));
            assertEquals("b", h.who());
            assertEquals(1, h.get("held"));
        } finally {
            threads.shutdownNow();
        }
    }
}
