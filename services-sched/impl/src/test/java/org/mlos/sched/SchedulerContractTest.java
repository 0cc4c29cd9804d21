package org.mlos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.sched.api.ScheduledTask;
import org.mlos.sched.core.AbstractScheduler;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchedulerContractTest {

    static java.util.stream.Stream<String> schedulers() {
        return Schedulers.names();
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void everyTaskRunsOnceAndKeysKeepTheirOrder(String name) throws Exception {
        AbstractScheduler s = Schedulers.create(name);
        try {
            int submitters = 4;
            int perSubmitter = 5_000;
            int keys = 32;
            Ledger ledger = new Ledger(submitters * perSubmitter, keys);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                int base = t * perSubmitter;
                // each submitter owns keys t, t+submitters, ... so that its submission order is the key's order
                threads.add(Thread.ofPlatform().start(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    int mine = base / perSubmitter;
                    for (int i = 0; i < perSubmitter; i++) {
                        int id = base + i;
                        if (rnd.nextBoolean()) {
                            s.execute(ledger.task(id));
                        } else {
                            int key = mine + submitters * rnd.nextInt(keys / submitters);
                            s.execute(key, ledger.keyed(id, key, id, 0));
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            ledger.assertComplete(submitters * perSubmitter, 30_000);
            // The last task's body has run (the ledger says so) a moment before the scheduler
            // counts it completed: wait for the count, never more than every task.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (s.stats().completed() < submitters * perSubmitter && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(submitters * perSubmitter, s.stats().completed());
        } finally {
            s.retired();
        }
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void timedTasksRunAfterTheirDelayAndCanBeCancelled(String name) throws Exception {
        AbstractScheduler s = Schedulers.create(name);
        try {
            CountDownLatch ran = new CountDownLatch(2);
            AtomicLong at = new AtomicLong();
            long t0 = System.nanoTime();
            s.schedule(() -> {
                at.set(System.nanoTime());
                ran.countDown();
            }, 100, TimeUnit.MILLISECONDS);
            s.schedule("k", ran::countDown, 50, TimeUnit.MILLISECONDS);
            ScheduledTask never = s.schedule(() -> {
                throw new AssertionError("cancelled task ran");
            }, 80, TimeUnit.MILLISECONDS);
            assertTrue(never.cancel());
            assertTrue(never.isCancelled());
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            assertTrue(at.get() - t0 >= TimeUnit.MILLISECONDS.toNanos(100), "ran early");
            Thread.sleep(100);
            assertFalse(never.cancel(), "cancelling twice reports false");
            assertEquals(0, s.stats().failed());
        } finally {
            s.retired();
        }
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void aFailingTaskIsCountedAndWorkGoesOn(String name) throws Exception {
        AbstractScheduler s = Schedulers.create(name);
        try {
            CountDownLatch after = new CountDownLatch(2);
            s.execute("k", () -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            s.execute("k", after::countDown);
            s.execute(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            s.execute(after::countDown);
            assertTrue(after.await(5, TimeUnit.SECONDS));
            Thread.sleep(50);
            assertEquals(2, s.stats().failed());
        } finally {
            s.retired();
        }
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void nullsAreRefusedWithAHint(String name) {
        AbstractScheduler s = Schedulers.create(name);
        try {
            NullPointerException e = assertThrows(NullPointerException.class, () -> s.execute(null, () -> { }));
            assertTrue(e.getMessage().contains("execute(Runnable)"));
            assertThrows(NullPointerException.class, () -> s.execute((Runnable) null));
        } finally {
            s.retired();
        }
    }
}
