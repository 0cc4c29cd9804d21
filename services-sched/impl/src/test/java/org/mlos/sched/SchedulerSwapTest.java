package org.mlos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.sched.api.ScheduledTask;
import org.mlos.sched.api.Scheduler;
import org.mlos.sched.core.AbstractScheduler;

/**
 * Swaps between every pair of schedulers while submitters keep submitting immediate, keyed and
 * timed tasks that take a little while: every task runs exactly once, keys keep their order and
 * never run two tasks at once, cancelled tasks never run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchedulerSwapTest {

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (String a : List.of("pool", "loops", "virtual")) {
            for (String b : List.of("pool", "loops", "virtual")) {
                if (!a.equals(b)) {
                    out.add(Arguments.of(a, b));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} <-> {1}")
    @MethodSource("pairs")
    void noTaskLostDoubledOrReordered(String first, String second) throws Exception {
        SwapKernel kernel = new SwapKernel();
        Scheduler h = kernel.handle(Scheduler.class);
        AbstractScheduler a = Schedulers.create(first);
        AbstractScheduler b = Schedulers.create(second);
        kernel.install(Scheduler.class, first, a, 0);
        kernel.install(Scheduler.class, second, b, 0);

        int submitters = 3;
        int keysPer = 4;
        int maxTasks = 400_000;
        Ledger ledger = new Ledger(maxTasks, submitters * keysPer);
        AtomicInteger ids = new AtomicInteger();
        AtomicInteger cancelledRan = new AtomicInteger();
        AtomicInteger cancelledOk = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        List<ScheduledTask> toCancel = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < submitters; t++) {
            int mine = t;
            threads.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int id = ids.getAndIncrement();
                    if (id >= maxTasks) {
                        return;
                    }
                    int kind = rnd.nextInt(10);
                    if (kind < 4) {
                        h.execute(ledger.task(id));
                    } else if (kind < 9) {
                        int key = mine * keysPer + rnd.nextInt(keysPer);
                        h.execute(key, ledger.keyed(id, key, id, rnd.nextInt(20_000)));
                    } else if (rnd.nextBoolean()) {
                        h.schedule(ledger.task(id), rnd.nextInt(1, 30), TimeUnit.MILLISECONDS);
                    } else {
                        ScheduledTask c = h.schedule(() -> cancelledRan.incrementAndGet(), 200, TimeUnit.MILLISECONDS);
                        toCancel.add(c);
                        ledger.task(id).run(); // account for the id
                    }
                    if ((id & 255) == 0) {
                        Thread.yield();
                    }
                }
            }));
        }
        List<SwapReport> reports = new ArrayList<>();
        String next = second;
        for (int i = 0; i < Integer.getInteger("swaps", 12); i++) {
            Thread.sleep(40);
            reports.add(kernel.swap(Scheduler.class.getName(), next));
            next = next.equals(first) ? second : first;
            for (ScheduledTask c : toCancel) {
                if (c.cancel()) {
                    cancelledOk.incrementAndGet(); // cancelled through a ticket issued before a swap
                }
            }
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        for (ScheduledTask c : toCancel) {
            if (c.cancel()) {
                cancelledOk.incrementAndGet();
            }
        }
        int total = Math.min(ids.get(), maxTasks);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ledger.done() < total && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (ledger.done() < total) {
            System.err.println("DIAG " + first + "/" + second + " done=" + ledger.done() + " total=" + total
                    + " a=" + a.stats() + " b=" + b.stats());
            for (SwapReport r : reports) System.err.println("DIAG " + r.toLine());
        }
        ledger.assertComplete(total, 30_000);
        for (SwapReport r : reports) {
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            assertEquals("held", r.mode());
        }
        Thread.sleep(300);
        assertEquals(0, cancelledRan.get() - (toCancel.size() - cancelledOk.get()),
                "cancelled tasks never run (the others ran once)");
        assertTrue(reports.stream().anyMatch(r -> r.entries() > 0), "some swap moved tasks");
        a.retired();
        b.retired();
    }
}
