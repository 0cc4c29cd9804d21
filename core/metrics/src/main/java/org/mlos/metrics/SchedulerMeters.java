package org.mlos.metrics;

import org.mlos.sched.api.Scheduler;
import org.mlos.sched.api.SchedulerStats;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The scheduler's figures, read once per refresh through the kind's handle (whichever scheduler
 * serves): its workers, what waits and runs now, and its tasks by how they ended.
 */
final class SchedulerMeters extends StatsMeters<SchedulerStats> {

    static final String TASKS = "tasks that ended, by result: completed, failed (threw) or cancelled (before they started)";

    SchedulerMeters(Scheduler scheduler, MeterRegistry registry) {
        super(scheduler::stats);
        gauge(registry, "mlos.sched.workers", "worker threads (0: a thread per task)", SchedulerStats::workers);
        gauge(registry, "mlos.sched.queued", "immediate tasks waiting for a worker", SchedulerStats::queued);
        gauge(registry, "mlos.sched.timed", "timed tasks waiting for their time", SchedulerStats::timed);
        gauge(registry, "mlos.sched.running", "tasks running", SchedulerStats::running);
        counter(registry, "mlos.sched.submitted", null, "tasks submitted, immediate and timed", SchedulerStats::submitted);
        // one HELP line for the three series (Prometheus keeps the first): it must fit each
        counter(registry, "mlos.sched.tasks", "completed", TASKS, SchedulerStats::completed);
        counter(registry, "mlos.sched.tasks", "failed", TASKS, SchedulerStats::failed);
        counter(registry, "mlos.sched.tasks", "cancelled", TASKS, SchedulerStats::cancelled);
    }
}
