package org.mlos.sched.loops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Unkeyed tasks go to the submitter's own loop and idle loops steal them; a backlog wakes a parked
 * sibling once per park; keyed work never leaves its loop.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoopsStealAndWakeTest {

    /** A loop held by a long task must not hold the tasks queued behind it: its sibling steals them. */
    @Test
    void tasksQueuedBehindABlockedLoopRunOnItsSibling() throws Exception {
        LoopsScheduler s = new LoopsScheduler(2);
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch blocking = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                s.execute(() -> {
                    blocking.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                assertTrue(blocking.await(10, TimeUnit.SECONDS));
                int n = 1_000;
                CountDownLatch ran = new CountDownLatch(n);
                for (int i = 0; i < n; i++) {
                    s.execute(ran::countDown); // same submitter, same home loop as the blocker's
                }
                assertTrue(ran.await(20, TimeUnit.SECONDS),
                        "tasks stayed behind the blocked loop: " + ran.getCount() + " of " + n + " never ran");
                release.countDown();
            }
        } finally {
            s.retired();
        }
    }

    /**
     * Submitters that pause now and then (so loops go idle, park and are woken) and mix keyed and
     * unkeyed tasks: every task runs once, each key in order and on one loop thread only.
     */
    @Test
    void parkedLoopsAreWokenAndKeyedWorkStaysOnItsLoop() throws Exception {
        LoopsScheduler s = new LoopsScheduler(2);
        try {
            int platform = 6;
            int virtual = 6;
            int perSubmitter = 20_000;
            int keysEach = 2;
            int submitters = platform + virtual;
            AtomicIntegerArray runs = new AtomicIntegerArray(submitters * perSubmitter);
            long[] lastOfKey = new long[submitters * keysEach];
            Map<Integer, Thread> threadOfKey = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                int me = t;
                Runnable submit = () -> {
                    for (int i = 0; i < perSubmitter; i++) {
                        int id = me * perSubmitter + i;
                        if (i % 3 == 0) {
                            int key = me * keysEach + (i / 3) % keysEach;
                            long seq = i;
                            s.execute(key, () -> {
                                Thread prev = threadOfKey.putIfAbsent(key, Thread.currentThread());
                                if (prev != null && prev != Thread.currentThread()) {
                                    wrong.add("key " + key + " ran on " + prev.getName() + " and " + Thread.currentThread().getName());
                                }
                                if (lastOfKey[key] >= seq && seq != 0) {
                                    wrong.add("key " + key + " ran " + seq + " after " + lastOfKey[key]);
                                }
                                lastOfKey[key] = seq;
                                runs.incrementAndGet(id);
                                done.countDown();
                            });
                        } else {
                            s.execute(() -> {
                                runs.incrementAndGet(id);
                                done.countDown();
                            });
                        }
                        if (i % 2_000 == 1_999) {
                            try {
                                Thread.sleep(1); // long enough for the loops to park
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                };
                threads.add(t < platform ? Thread.ofPlatform().start(submit) : Thread.ofVirtual().start(submit));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), "tasks never ran: " + done.getCount());
            assertTrue(wrong.isEmpty(), () -> wrong.stream().limit(5).toList().toString());
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "task " + i + " ran " + runs.get(i) + " times");
            }
        } finally {
            s.retired();
        }
    }
}
