package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.KindInfo;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.state.SwapAware;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/**
 * Found by an outsider: {@code mlos kinds}, {@code /metrics} and the dashboard's kinds waited for a
 * swap of 20,000 items to end (4.2 s), since reading a kind took its lock, which a swap holds for
 * as long as it copies. A kind is read without it, during its swap too.
 */
@Timeout(60)
class KindsWaitedForASwapToEndTest {

    /** Counters whose swap in waits until the test lets it go. */
    static final class Held extends MapCounters implements SwapAware {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);

        Held(String name) {
            super(name);
        }

        @Override
        public void beforeServing() throws InterruptedException {
            started.countDown();
            go.await();
        }
    }

    @Test
    void theKindsAreReadWhileOneOfThemSwaps() throws Exception {
        SwapKernel kernel = new SwapKernel();
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        Held b = new Held("b");
        kernel.install(Counters.class, "b", b, 0);
        // threads of its own: the common pool has one thread on two cores, which the held swap takes
        ExecutorService threads = Executors.newCachedThreadPool();
        CompletableFuture<SwapReport> swap = CompletableFuture.supplyAsync(() -> kernel.swap(Counters.class.getName(), "b"),
                threads);
        try {
            assertTrue(b.started.await(30, TimeUnit.SECONDS), "the swap holds the kind");
            List<KindInfo> kinds = CompletableFuture.supplyAsync(kernel::kinds, threads).get(10, TimeUnit.SECONDS);
            assertEquals("a", kinds.get(0).active(), "read during the swap: the one serving still");
            assertEquals(List.of("a", "b"), kinds.get(0).candidates());
            assertEquals("a", CompletableFuture.supplyAsync(() -> kernel.kind(Counters.class.getName()), threads)
                    .get(10, TimeUnit.SECONDS).orElseThrow().active());
        } finally {
            b.go.countDown();
            threads.shutdown();
        }
        assertEquals(SwapOutcome.COMPLETED, swap.get(30, TimeUnit.SECONDS).outcome());
        assertEquals("b", kernel.kinds().get(0).active());
    }
}
