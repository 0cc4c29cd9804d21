package org.mlos.sched.api;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A submitted task's ticket: what callers cancel, and what guarantees that a task runs at most
 * once, whichever implementation ends up running it (the ticket moves with the task in a swap).
 */
public final class ScheduledTask {

    private static final int PENDING = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;
    private static final int HANDED_OVER = 4;

    private final AtomicInteger state = new AtomicInteger(PENDING);
    private final long dueNanos;

    /** For schedulers: {@code dueNanos} on the {@link System#nanoTime()} clock. */
    public ScheduledTask(long dueNanos) {
        this.dueNanos = dueNanos;
    }

    /** When the task is due, on the {@link System#nanoTime()} clock. */
    public long dueNanos() {
        return dueNanos;
    }

    /** Cancels the task if it has not started; true if this call cancelled it. */
    public boolean cancel() {
        return state.compareAndSet(PENDING, CANCELLED) || state.compareAndSet(HANDED_OVER, CANCELLED);
    }

    public boolean isCancelled() {
        return state.get() == CANCELLED;
    }

    /** True once the task has run (or thrown) or was cancelled. */
    public boolean isDone() {
        int s = state.get();
        return s == DONE || s == CANCELLED;
    }

    /** For schedulers: takes the task to run it; false if it was cancelled, started or handed over. */
    public boolean claim() {
        return state.compareAndSet(PENDING, RUNNING);
    }

    /** For schedulers: the task has run. */
    public void finish() {
        state.set(DONE);
    }

    /** For schedulers: marks the task as moving to another implementation; false if it started or was cancelled. */
    public boolean handOver() {
        return state.compareAndSet(PENDING, HANDED_OVER);
    }

    /** For schedulers: the task arrived at its new implementation (or the move was undone). */
    public boolean takeBack() {
        return state.compareAndSet(HANDED_OVER, PENDING);
    }
}
