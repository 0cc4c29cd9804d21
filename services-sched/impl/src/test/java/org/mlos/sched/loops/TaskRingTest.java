package org.mlos.sched.loops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.sched.core.Task;
import org.mlos.sched.core.TestTasks;

/** A loop's own ring: one producer, many takers; every task taken once, each taker's in order. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TaskRingTest {

    @Test
    void aFullRingRefusesAndAnEmptyOneGivesNothing() {
        TaskRing ring = new TaskRing(4);
        assertNull(ring.poll());
        assertTrue(ring.isEmpty());
        List<Task> in = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Task t = TestTasks.task(i);
            in.add(t);
            assertTrue(ring.offer(t));
        }
        assertFalse(ring.offer(TestTasks.task(99)), "a full ring refuses: the loop queues elsewhere");
        assertEquals(4, ring.size());
        for (Task t : in) {
            assertEquals(t, ring.poll());
        }
        assertNull(ring.poll());
        assertThrows(IllegalArgumentException.class, () -> new TaskRing(6));
    }

    /**
     * The producer pushes (and takes, as a loop does) while three thieves take, through many
     * wrap-arounds and full rings: nothing lost, nothing taken twice, and each taker's tasks in
     * the order they were pushed.
     */
    @Test
    void oneProducerManyTakersLoseAndDuplicateNothing() throws Exception {
        for (int round = 0; round < 20; round++) {
            TaskRing ring = new TaskRing(64);
            int n = 200_000;
            Task[] tasks = new Task[n];
            for (int i = 0; i < n; i++) {
                tasks[i] = TestTasks.task(i);
            }
            AtomicIntegerArray taken = new AtomicIntegerArray(n);
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            AtomicBoolean produced = new AtomicBoolean();
            List<Thread> thieves = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                thieves.add(Thread.ofPlatform().start(() -> {
                    int last = -1;
                    while (true) {
                        boolean done = produced.get(); // read before the poll: empty after it means empty for good
                        Task got = ring.poll();
                        if (got == null) {
                            if (done) {
                                return;
                            }
                            Thread.onSpinWait();
                            continue;
                        }
                        last = take(got, last, taken, wrong);
                    }
                }));
            }
            int last = -1;
            for (int i = 0; i < n;) {
                if (ring.offer(tasks[i])) {
                    i++;
                } else {
                    Task got = ring.poll(); // full: the producer takes, as a loop runs its own
                    if (got != null) {
                        last = take(got, last, taken, wrong);
                    }
                }
                if ((i & 7) == 0) {
                    Task got = ring.poll();
                    if (got != null) {
                        last = take(got, last, taken, wrong);
                    }
                }
            }
            produced.set(true);
            for (Thread t : thieves) {
                t.join();
            }
            assertTrue(wrong.isEmpty(), () -> wrong.stream().limit(5).toList().toString());
            for (int i = 0; i < n; i++) {
                assertEquals(1, taken.get(i), "task " + i + " taken " + taken.get(i) + " times");
            }
            assertTrue(ring.isEmpty());
        }
    }

    private static int take(Task got, int last, AtomicIntegerArray taken, ConcurrentLinkedQueue<String> wrong) {
        int id = TestTasks.id(got);
        if (taken.incrementAndGet(id) > 1) {
            wrong.add("task " + id + " taken twice");
        }
        if (id <= last) {
            wrong.add("a taker got " + id + " after " + last);
        }
        return id;
    }
}
