package org.mlos.bench.sched;

/**
 * How a workload hands a task to the executor under test. {@code key} names what the task
 * belongs to (a connection, a request); keyed subjects use it as the task's affinity, the
 * others ignore it. An int, not a boxed key: boxing would cost the bench, not the executor.
 */
@FunctionalInterface
interface Submit {
    void submit(int key, Runnable task);
}
