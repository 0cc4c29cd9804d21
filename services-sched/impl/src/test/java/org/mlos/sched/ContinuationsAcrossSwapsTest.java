package org.mlos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.sched.api.Scheduler;
import org.mlos.sched.core.AbstractScheduler;

/**
 * Work submitted from inside the scheduler (continuations, fan-out, keyed chains: what fills a
 * loop's own ring and its own pinned queue) while the scheduler is swapped back and forth, and
 * without swaps: every task runs once, every keyed chain in order, nothing is stranded.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ContinuationsAcrossSwapsTest {

    static final int CHAINS = 64;
    static final int KEYED_CHAINS = 16;
    static final int STEPS = 3_000;
    static final int FANOUT_REQUESTS = 8;
    static final int FANOUT_WIDTH = 8;
    static final int FANOUT_STEPS = 300;

    @ParameterizedTest(name = "loops <-> {0}")
    @ValueSource(strings = { "pool", "virtual", "loops" })
    void continuationsRunOnceAndInOrder(String other) throws Exception {
        SwapKernel kernel = new SwapKernel();
        Scheduler h = kernel.handle(Scheduler.class);
        AbstractScheduler loops = Schedulers.create("loops");
        kernel.install(Scheduler.class, "loops", loops, 0);
        AbstractScheduler second = other.equals("loops") ? null : Schedulers.create(other);
        if (second != null) {
            kernel.install(Scheduler.class, other, second, 0);
        }
        int chainTasks = (CHAINS + KEYED_CHAINS) * STEPS;
        int fanTasks = FANOUT_REQUESTS * FANOUT_STEPS * (FANOUT_WIDTH + 1);
        Ledger ledger = new Ledger(chainTasks + fanTasks, KEYED_CHAINS);
        CountDownLatch done = new CountDownLatch(CHAINS + KEYED_CHAINS + FANOUT_REQUESTS);
        // Opened from inside, as a loop accepting connections would.
        h.execute(() -> {
            for (int c = 0; c < CHAINS; c++) {
                h.execute(new Step(h, ledger, done, c, -1, 0));
            }
            for (int k = 0; k < KEYED_CHAINS; k++) {
                h.execute(k, new Step(h, ledger, done, CHAINS + k, k, 0));
            }
            for (int r = 0; r < FANOUT_REQUESTS; r++) {
                new Request(h, ledger, done, chainTasks + r * FANOUT_STEPS * (FANOUT_WIDTH + 1)).step(0);
            }
        });
        int swaps = 0;
        String next = other;
        while (second != null && swaps < 40 && done.getCount() > 0) {
            Thread.sleep(5);
            SwapReport r = kernel.swap(Scheduler.class.getName(), next);
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            next = next.equals("loops") ? other : "loops";
            swaps++;
        }
        assertTrue(done.await(120, TimeUnit.SECONDS), done.getCount() + " chains or requests never finished (swaps: "
                + swaps + "; loops " + loops.stats() + (second == null ? "" : "; " + other + " " + second.stats()) + ")");
        ledger.assertComplete(chainTasks + fanTasks, 10_000);
        assertTrue(second == null || swaps > 0, "no swap ran while the chains did");
        loops.retired();
        if (second != null) {
            second.retired();
        }
    }

    /** One step of a chain; it submits the next through the handle, keyed if the chain has a key. */
    private record Step(Scheduler h, Ledger ledger, CountDownLatch done, int chain, int key, int index) implements Runnable {
        @Override
        public void run() {
            int id = chain * STEPS + index;
            (key < 0 ? ledger.task(id) : ledger.keyed(id, key, index, 0)).run();
            if (index + 1 == STEPS) {
                done.countDown();
            } else if (key < 0) {
                h.execute(new Step(h, ledger, done, chain, key, index + 1));
            } else {
                h.execute(key, new Step(h, ledger, done, chain, key, index + 1));
            }
        }
    }

    /** A scatter-gather: each step submits its parts; the last part to finish submits the next step. */
    private record Request(Scheduler h, Ledger ledger, CountDownLatch done, int base, AtomicInteger pending) {
        Request(Scheduler h, Ledger ledger, CountDownLatch done, int base) {
            this(h, ledger, done, base, new AtomicInteger());
        }

        void step(int step) {
            h.execute(() -> {
                ledger.task(base + step * (FANOUT_WIDTH + 1)).run();
                pending.set(FANOUT_WIDTH);
                for (int p = 1; p <= FANOUT_WIDTH; p++) {
                    int part = p;
                    h.execute(() -> {
                        ledger.task(base + step * (FANOUT_WIDTH + 1) + part).run();
                        if (pending.decrementAndGet() == 0) {
                            if (step + 1 < FANOUT_STEPS) {
                                step(step + 1);
                            } else {
                                done.countDown();
                            }
                        }
                    });
                }
            });
        }
    }

}
