package org.mlos.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.mlos.sched.api.ScheduledTask;
import org.mlos.sched.api.Scheduler;
import org.mlos.sched.api.SchedulerStats;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A worker node's scheduler could be told its worker count ({@code mlos.sched.workers}) and an
 * operator could read it back only from its threads' names: its figures are meters now, read at
 * each refresh, and gone with the scheduler.
 */
class SchedulerMetersTest {

    @Test
    void theSchedulersWorkersQueuesAndTasksAreMetersUpToDateAtEachRefresh() {
        Figures scheduler = new Figures();
        scheduler.stats = new SchedulerStats(10, 7, 2, 1, 4, 5, 3, 3);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            SchedulerMeters meters = new SchedulerMeters(scheduler, registry);
            String scrape = registry.scrape();
            assertEquals(3, value(scrape, "mlos_sched_workers"));
            assertEquals(4, value(scrape, "mlos_sched_queued"));
            assertEquals(5, value(scrape, "mlos_sched_timed"));
            assertEquals(3, value(scrape, "mlos_sched_running"));
            assertEquals(10, value(scrape, "mlos_sched_submitted_total"));
            assertEquals(7, value(scrape, "mlos_sched_tasks_total{result=\"completed\"}"));
            assertEquals(2, value(scrape, "mlos_sched_tasks_total{result=\"failed\"}"));
            assertEquals(1, value(scrape, "mlos_sched_tasks_total{result=\"cancelled\"}"));

            scheduler.stats = new SchedulerStats(20, 19, 2, 1, 0, 0, 0, 8);
            assertEquals(3, value(registry.scrape(), "mlos_sched_workers"), "read at a refresh, not at every scrape");
            meters.refresh();
            assertEquals(8, value(registry.scrape(), "mlos_sched_workers"));
            assertEquals(19, value(registry.scrape(), "mlos_sched_tasks_total{result=\"completed\"}"));

            meters.remove(registry);
            assertFalse(registry.scrape().contains("mlos_sched_"), "the scheduler's meters went with it");
        } finally {
            registry.close();
        }
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), () -> series + " not in\n" + scrape);
        return Double.parseDouble(m.group(1));
    }

    /** A scheduler that runs nothing: only its figures, which the test sets. */
    private static final class Figures implements Scheduler {
        volatile SchedulerStats stats;

        @Override
        public void execute(Runnable task) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void execute(Object key, Runnable task) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledTask schedule(Runnable task, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledTask schedule(Object key, Runnable task, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int workers() {
            return stats.workers();
        }

        @Override
        public SchedulerStats stats() {
            return stats;
        }
    }
}
