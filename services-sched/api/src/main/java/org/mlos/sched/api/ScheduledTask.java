package org.mlos.sched.api;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A submitted task's ticket: what callers cancel, and what guarantees that a task runs at most
 * once, whichever implementation ends up running it (the ticket moves with the task in a swap).
 *
 * <p>Not final since 1.1: a scheduler's own task record may be its ticket, one object a task
 * instead of two. Subclasses must not override its operations: they are what make a task run
 * at most once.
 */
public class ScheduledTask {

    private static final int PENDING = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;
    private static final int HANDED_OVER = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ScheduledTask.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state = PENDING;
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
        return cas(PENDING, CANCELLED) || cas(HANDED_OVER, CANCELLED);
    }

    public boolean isCancelled() {
        return state == CANCELLED;
    }

    /** True once the task has run (or thrown) or was cancelled. */
    public boolean isDone() {
        int s = state;
        return s == DONE || s == CANCELLED;
    }

    /** For schedulers: takes the task to run it; false if it was cancelled, started or handed over. */
    public boolean claim() {
        return cas(PENDING, RUNNING);
    }

    /** For schedulers: the task has run. */
    public void finish() {
        // A release store is enough: whoever reads DONE (a volatile read) sees what the task did;
        // a volatile store added a full fence to every task.
        STATE.setRelease(this, DONE);
    }

    /** For schedulers: marks the task as moving to another implementation; false if it started or was cancelled. */
    public boolean handOver() {
        return cas(PENDING, HANDED_OVER);
    }

    /** For schedulers: the task arrived at its new implementation (or the move was undone). */
    public boolean takeBack() {
        return cas(HANDED_OVER, PENDING);
    }

    private boolean cas(int from, int to) {
        return STATE.compareAndSet(this, from, to);
    }
}
