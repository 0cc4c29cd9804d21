package org.mlos.sched.core;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Timed tasks in order of their due time, handed to a dispatcher when due. Dispatching happens
 * under the heap's lock, so that a swap's export ({@link #takeAll}) sees every task either still
 * here or already dispatched, never in between.
 */
public final class TimerHeap {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Task> heap = new PriorityQueue<>();

    public void add(Task t) {
        lock.lock();
        try {
            heap.add(t);
            if (heap.peek() == t) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return heap.size();
        } finally {
            lock.unlock();
        }
    }

    /** Removes every task (a swap's export). */
    public List<Task> takeAll() {
        lock.lock();
        try {
            List<Task> all = new ArrayList<>(heap);
            heap.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Dispatches the tasks due now, under the lock.
     *
     * @return nanoseconds until the next task is due, or {@link Long#MAX_VALUE} if none is waiting
     */
    public long dispatchDue(Consumer<Task> dispatcher) {
        lock.lock();
        try {
            long now = System.nanoTime();
            Task t;
            while ((t = heap.peek()) != null && t.dueNanos() - now <= 0) {
                heap.poll();
                dispatcher.accept(t);
            }
            return t == null ? Long.MAX_VALUE : t.dueNanos() - now;
        } finally {
            lock.unlock();
        }
    }

    /** Nanoseconds until the next task is due (0 if one is due now), or {@link Long#MAX_VALUE} if none is waiting. */
    public long nanosToNext() {
        lock.lock();
        try {
            Task t = heap.peek();
            return t == null ? Long.MAX_VALUE : Math.max(0, t.dueNanos() - System.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    /** For a thread that only runs timers: dispatches due tasks until interrupted. */
    public void runUntilInterrupted(Consumer<Task> dispatcher) {
        while (!Thread.currentThread().isInterrupted()) {
            long wait = dispatchDue(dispatcher);
            lock.lock();
            try {
                Task head = heap.peek();
                if (head == null) {
                    changed.await();
                } else if (head.dueNanos() - System.nanoTime() > 0) {
                    changed.awaitNanos(Math.min(wait, TimeUnit.SECONDS.toNanos(1)));
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }
}
