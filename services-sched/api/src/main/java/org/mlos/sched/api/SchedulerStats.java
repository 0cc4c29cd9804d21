package org.mlos.sched.api;

/**
 * A scheduler's figures.
 *
 * @param submitted tasks submitted since start (immediate and timed)
 * @param completed tasks that ran to the end
 * @param failed    tasks that threw
 * @param cancelled tasks cancelled before they started
 * @param queued    immediate tasks waiting for a worker now
 * @param timed     timed tasks waiting for their time now
 * @param running   tasks running now
 * @param workers   worker threads (0: a thread per task)
 */
public record SchedulerStats(long submitted, long completed, long failed, long cancelled, long queued, long timed,
        long running, int workers) {
}
