package org.mlos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.sched.api.Scheduler;
import org.mlos.sched.core.AbstractScheduler;

/**
 * {@link Scheduler#queueDepth()}, the figure a node publishes as its load: tasks ready and not
 * started, counted (no walk over queues). While workers are held, the depth plus the tasks that
 * started is every task that became ready; once everything ran it is exactly 0, also after swaps
 * moved queued tasks back and forth between the same two instances.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueueDepthTest {

    /** Held tasks wait here; a parked wait, not a lock, so a pool never compensates for blocked workers. */
    private static final class Gate {
        volatile boolean open;
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();

        Runnable task() {
            return () -> {
                started.incrementAndGet();
                while (!open) {
                    LockSupport.parkNanos(200_000);
                }
                finished.incrementAndGet();
            };
        }
    }

    @ParameterizedTest
    @MethodSource("org.mlos.sched.Schedulers#names")
    void depthIsReadyTasksNotStartedWhileWorkersAreHeld(String name) throws Exception {
        AbstractScheduler s = Schedulers.create(name);
        try {
            Gate gate = new Gate();
            int submitters = 4;
            int each = 400;
            submitConcurrently(s, gate, submitters, each);
            int total = submitters * each;
            Thread.sleep(30); // the timed tasks (at most 5 ms) fall due
            // settles once every worker holds a task: depth + started covers every task but the timed
            // ones a held loop has not yet looked at (a loop checks its own timers)
            awaitTrue(() -> s.queueDepth() + gate.started.get() + s.stats().timed() == total,
                    () -> name + " depth " + s.queueDepth() + " + started " + gate.started.get() + " + timed "
                            + s.stats().timed() + " != " + total);
            if (s.workers() > 0) {
                assertTrue(s.queueDepth() >= total - s.stats().timed() - 2L * s.workers() - 64, name + " depth " + s.queueDepth()
                        + " with " + s.workers() + " workers held");
            }
            gate.open = true;
            awaitTrue(() -> gate.finished.get() == total, () -> name + " finished " + gate.finished.get());
            awaitTrue(() -> s.queueDepth() == 0, () -> name + " depth after the run " + s.queueDepth());
            assertEquals(0, s.queueDepth());
        } finally {
            s.retired();
        }
    }

    @ParameterizedTest
    @MethodSource("org.mlos.sched.Schedulers#names")
    void depthReturnsToZeroAfterManyConcurrentSubmitters(String name) throws Exception {
        AbstractScheduler s = Schedulers.create(name);
        try {
            AtomicInteger ran = new AtomicInteger();
            int submitters = 8;
            int each = 20_000;
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                int mine = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = 0; i < each; i++) {
                        if (rnd.nextInt(4) == 0) {
                            s.execute(mine * 16 + rnd.nextInt(16), ran::incrementAndGet);
                        } else {
                            s.execute(ran::incrementAndGet);
                        }
                        if ((i & 1023) == 0) {
                            assertTrue(s.queueDepth() >= 0);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            awaitTrue(() -> ran.get() == submitters * each, () -> name + " ran " + ran.get());
            awaitTrue(() -> s.queueDepth() == 0, () -> name + " depth " + s.queueDepth());
            // a task counts as completed just after its body (which counted it in ran) returns
            awaitTrue(() -> s.stats().completed() == submitters * each, () -> name + " completed " + s.stats().completed());
            assertEquals(submitters * each, s.stats().completed());
        } finally {
            s.retired();
        }
    }

    /**
     * A swap hands the old scheduler's queued tasks to the new one: the old one's depth drops to
     * 0 and the new one's counts them, every time, also when the same two instances swap back.
     */
    @Test
    void aSwapMovesTheDepthWithTheTasks() throws Exception {
        SwapKernel kernel = new SwapKernel();
        Scheduler h = kernel.handle(Scheduler.class);
        AbstractScheduler pool = Schedulers.create("pool");
        AbstractScheduler loops = Schedulers.create("loops");
        kernel.install(Scheduler.class, "pool", pool, 0);
        kernel.install(Scheduler.class, "loops", loops, 0);
        try {
            String next = "loops";
            int total = 0;
            for (int round = 0; round < 6; round++) {
                Gate gate = new Gate();
                submitConcurrently(h, gate, 4, 100);
                total = 400;
                Thread.sleep(30);
                AbstractScheduler from = next.equals("loops") ? pool : loops;
                AbstractScheduler to = next.equals("loops") ? loops : pool;
                int startedBefore = awaitStable(gate);
                SwapReport r = kernel.swap(Scheduler.class.getName(), next);
                assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
                assertEquals(0, from.queueDepth(), "round " + round + ": the old scheduler's tasks left with the swap");
                int t = total;
                awaitTrue(() -> to.queueDepth() + gate.started.get() + to.stats().timed() == t, () -> "round " + " new depth "
                        + to.queueDepth() + " + started " + gate.started.get() + " + timed " + to.stats().timed() + " != " + t
                        + " (started before the swap " + startedBefore + ")");
                // workers may still take queued tasks (to block at the gate) between two reads: nothing
                // is submitted now, so the depth only falls, and the handle's read lies between two of its own
                long before = to.queueDepth();
                long viaHandle = h.queueDepth();
                long after = to.queueDepth();
                assertTrue(before >= viaHandle && viaHandle >= after, "the handle reads the active one's: " + before
                        + " >= " + viaHandle + " >= " + after);
                gate.open = true;
                awaitTrue(() -> gate.finished.get() == t, () -> "finished " + gate.finished.get());
                awaitTrue(() -> to.queueDepth() == 0 && from.queueDepth() == 0,
                        () -> "depths after the round " + to.queueDepth() + " " + from.queueDepth());
                next = next.equals("loops") ? "pool" : "loops";
            }
        } finally {
            pool.retired();
            loops.retired();
        }
    }

    private static void submitConcurrently(Scheduler s, Gate gate, int submitters, int each) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < submitters; t++) {
            int mine = t;
            threads.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < each; i++) {
                    switch (rnd.nextInt(3)) {
                        case 0 -> s.execute(gate.task());
                        case 1 -> s.execute(mine * 8 + rnd.nextInt(8), gate.task());
                        default -> s.schedule(gate.task(), rnd.nextInt(0, 5), TimeUnit.MILLISECONDS);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** The count of started tasks once it stopped moving (every worker holds one). */
    private static int awaitStable(Gate gate) throws InterruptedException {
        int last = -1;
        for (int i = 0; i < 200; i++) {
            int now = gate.started.get();
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(20);
        }
        return last;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier c, java.util.function.Supplier<String> why)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(why.get());
            }
            Thread.sleep(5);
        }
    }

}
