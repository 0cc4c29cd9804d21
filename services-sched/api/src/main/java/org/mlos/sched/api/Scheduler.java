package org.mlos.sched.api;

import java.util.concurrent.TimeUnit;

import org.mlos.core.api.Kind;

/**
 * Runs tasks: now, after a delay, and with affinity.
 *
 * <p><b>Affinity.</b> Tasks submitted with a key run on the worker that owns the key, one at a
 * time, in the order they were submitted: run-to-completion code needs no locks for what a key
 * guards, and per-core services keep their data on one core. Tasks without a key run on any
 * worker, in no promised order.
 *
 * <p><b>Swaps.</b> A swap moves every task not yet started, immediate and timed, to the new
 * implementation: none is lost, none runs twice, and tasks of a key still run in order (a key's
 * moved tasks wait until its task running on the old implementation has finished). Tasks already
 * running finish where they started. A {@link ScheduledTask} keeps working across the swap.
 *
 * <p>A task that throws is counted ({@link SchedulerStats#failed()}) and logged; the worker goes on.
 */
@Kind
public interface Scheduler {

    /** Runs a task on some worker, as soon as one is free. */
    void execute(Runnable task);

    /** Runs a task on the worker owning the key, after the key's earlier tasks. */
    void execute(Object key, Runnable task);

    /** Runs a task on some worker once the delay has passed. */
    ScheduledTask schedule(Runnable task, long delay, TimeUnit unit);

    /** Runs a task on the key's worker once the delay has passed, after the key's tasks submitted before then. */
    ScheduledTask schedule(Object key, Runnable task, long delay, TimeUnit unit);

    /** How many workers run tasks (0 for an implementation with a thread per task). */
    int workers();

    SchedulerStats stats();

    /**
     * Tasks ready to run that no worker has started yet: immediate tasks, timed tasks that are
     * due, and a key's tasks waiting behind the key's running one. A node publishes it as load
     * (an autoscaler's queue-depth threshold), so implementations make it cheap: no walk over
     * queues or keys. A gauge read while tasks come and go; never negative.
     *
     * <p>The default reads {@link #stats()} ({@code queued}), which may walk every queue;
     * implementations override it with counters.
     *
     * @since 1.2
     */
    default long queueDepth() {
        return stats().queued();
    }
}
