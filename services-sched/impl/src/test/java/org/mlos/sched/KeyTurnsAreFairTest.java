package org.mlos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlos.sched.api.Scheduler;
import org.mlos.sched.core.AbstractScheduler;
import org.mlos.sched.loops.LoopsScheduler;
import org.mlos.sched.pool.PoolScheduler;

/**
 * On a shared worker, a key whose tasks keep adding tasks to itself (a connection's chain of
 * continuations) does not hold the worker's other keys back: a key's turn runs only what was
 * queued when it began. It used to run on for 64 tasks, so another key's task waited 64 steps of
 * the chain, and the loops' p99 on chains was ten times the fixed pool's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyTurnsAreFairTest {

    static AbstractScheduler oneWorker(String name) {
        return name.equals("pool") ? new PoolScheduler(1) : new LoopsScheduler(1);
    }

    /** A chain of key A submits a task of key B at its first step: B runs before A's second step. */
    @ParameterizedTest
    @ValueSource(strings = { "pool", "loops" })
    void anotherKeysTaskRunsBeforeTheChainsNextStep(String impl) throws Exception {
        AbstractScheduler s = oneWorker(impl);
        try {
            for (int round = 0; round < 200; round++) {
                AtomicInteger stepsOfA = new AtomicInteger();
                AtomicInteger aStepsBeforeB = new AtomicInteger(-1);
                CountDownLatch done = new CountDownLatch(2);
                s.execute("A", new Chain(s, "A", 100, stepsOfA, done, () -> s.execute("B", () -> {
                    aStepsBeforeB.set(stepsOfA.get());
                    done.countDown();
                })));
                assertTrue(done.await(20, TimeUnit.SECONDS), "round " + round + ": chain or B never finished");
                assertEquals(1, aStepsBeforeB.get(), "round " + round + ": steps of A run before B's task");
            }
        } finally {
            s.retired();
        }
    }

    /**
     * A task from outside for key B, submitted while the chain's first step waits for it, runs
     * within a turn or two of A's (the worker takes its own queue and the outside one in turn),
     * not after a run of the chain. Loops only: a {@code ForkJoinPool} worker empties its own queue
     * before it looks at outside submissions, so on {@code pool} with one worker B waits for the
     * whole chain whatever the key's turn does (the pool's own policy, see the README).
     */
    @ParameterizedTest
    @ValueSource(strings = { "loops" })
    void anOutsideTaskWaitsATurnNotAChain(String impl) throws Exception {
        AbstractScheduler s = oneWorker(impl);
        try {
            for (int round = 0; round < 100; round++) {
                AtomicInteger stepsOfA = new AtomicInteger();
                CountDownLatch started = new CountDownLatch(1);
                CountDownLatch submittedB = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(2);
                s.execute("A", new Chain(s, "A", 1_000, stepsOfA, done, () -> {
                    started.countDown();
                    try {
                        submittedB.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                assertTrue(started.await(20, TimeUnit.SECONDS));
                AtomicInteger atB = new AtomicInteger();
                s.execute("B", () -> {
                    atB.set(stepsOfA.get());
                    done.countDown();
                });
                submittedB.countDown();
                assertTrue(done.await(20, TimeUnit.SECONDS), "round " + round + ": chain or B never finished");
                assertTrue(atB.get() <= 2, "round " + round + ": B waited for " + atB.get() + " steps of A");
            }
        } finally {
            s.retired();
        }
    }

    /** One step of a key's chain: counts itself, submits the next on the same key. */
    private record Chain(Scheduler s, Object key, int steps, AtomicInteger count, CountDownLatch done, Runnable atFirst)
            implements Runnable {
        @Override
        public void run() {
            int n = count.incrementAndGet();
            if (n == 1) {
                atFirst.run();
            }
            if (n < steps) {
                s.execute(key, this);
            } else {
                done.countDown();
            }
        }
    }
}
