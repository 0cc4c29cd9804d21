package org.mlos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Records what ran: each task id at most once, each key's sequence strictly increasing, never two
 * tasks of one key at the same time.
 */
final class Ledger {

    private final AtomicIntegerArray runs;
    private final AtomicLongArray lastSeq;
    private final AtomicBoolean[] busy;
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicLong done = new AtomicLong();

    Ledger(int tasks, int keys) {
        runs = new AtomicIntegerArray(tasks);
        lastSeq = new AtomicLongArray(keys);
        busy = new AtomicBoolean[keys];
        for (int k = 0; k < keys; k++) {
            busy[k] = new AtomicBoolean();
            lastSeq.set(k, -1);
        }
    }

    /** A task without a key. */
    Runnable task(int id) {
        return () -> {
            if (runs.incrementAndGet(id) > 1) {
                violations.add("task " + id + " ran twice");
            }
            done.incrementAndGet();
        };
    }

    /** A key's task with its sequence number (submitted in increasing order per key). */
    Runnable keyed(int id, int key, long seq, long workNanos) {
        return () -> {
            if (!busy[key].compareAndSet(false, true)) {
                violations.add("two tasks of key " + key + " at once");
            }
            long prev = lastSeq.getAndSet(key, seq);
            if (prev >= seq) {
                violations.add("key " + key + " ran " + seq + " after " + prev);
            }
            if (workNanos > 0) {
                long end = System.nanoTime() + workNanos;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
            busy[key].set(false);
            if (runs.incrementAndGet(id) > 1) {
                violations.add("task " + id + " ran twice");
            }
            done.incrementAndGet();
        };
    }

    int runsOf(int id) {
        return runs.get(id);
    }

    long done() {
        return done.get();
    }

    /** Waits until {@code expected} tasks ran, then checks every invariant. */
    void assertComplete(long expected, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (done.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(violations.isEmpty(), () -> violations.size() + " violations, e.g. " + violations.peek());
        assertEquals(expected, done.get(), "tasks that ran");
    }
}
