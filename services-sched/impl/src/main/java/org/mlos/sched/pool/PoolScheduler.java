package org.mlos.sched.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;

import org.mlos.core.api.Kernel;
import org.mlos.sched.api.Scheduler;
import org.mlos.sched.core.AbstractScheduler;
import org.mlos.sched.core.SchedConfig;
import org.mlos.sched.core.Task;
import org.mlos.sched.core.Workers;
import org.mlos.sched.core.TimerHeap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code pool}: a work-stealing {@link ForkJoinPool} (FIFO for submitted tasks), one worker per
 * core; a key's tasks are drained by one pool task at a time; a timer thread hands timed tasks
 * to the pool. Good throughput for mixed, unrelated work; a key's tasks may run on any worker.
 */
@Component(service = Scheduler.class, property = Kernel.IMPL + "=pool", configurationPid = "org.mlos.sched.pool")
@Designate(ocd = SchedConfig.class)
public final class PoolScheduler extends AbstractScheduler {

    private final TimerHeap timers = new TimerHeap();
    private int parallelism;
    private volatile Pool pool;
    private Thread timerThread;

    /** A ForkJoinPool whose queued tasks a swap can take back. */
    private static final class Pool extends ForkJoinPool {
        Pool(int parallelism) {
            super(parallelism, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
        }

        List<ForkJoinTask<?>> drain() {
            List<ForkJoinTask<?>> out = new ArrayList<>();
            drainTasksTo(out);
            return out;
        }
    }

    /** An unkeyed task, as the pool queues it. */
    private final class Action extends ForkJoinTask<Void> {
        private static final long serialVersionUID = 1L;
        final transient Task task;

        Action(Task task) {
            this.task = task;
        }

        @Override
        public Void getRawResult() {
            return null;
        }

        @Override
        protected void setRawResult(Void value) {
        }

        @Override
        protected boolean exec() {
            run(task);
            return true;
        }
    }

    /** For DS. */
    public PoolScheduler() {
    }

    /** For plain Java and tests. */
    public PoolScheduler(int parallelism) {
        this.parallelism = parallelism;
        start();
    }

    @Activate
    void activate(SchedConfig config, org.osgi.framework.BundleContext context) {
        parallelism = Workers.of(config, context);
        start();
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    @Override
    protected synchronized void start() {
        if (pool != null) {
            return;
        }
        pool = new Pool(parallelism);
        timerThread = Thread.ofPlatform().name("mlos-pool-timers").daemon().start(() -> timers.runUntilInterrupted(this::due));
    }

    @Override
    protected synchronized void stop() {
        if (pool == null) {
            return;
        }
        timerThread.interrupt();
        pool.shutdown();
        pool = null;
    }

    /** Waits for the workers of a stopped pool (tests). */
    boolean awaitIdle(long millis) throws InterruptedException {
        Pool p = pool;
        return p == null || p.awaitQuiescence(millis, TimeUnit.MILLISECONDS);
    }

    /** The pool, started again if work reaches a stopped scheduler (late work is run, not lost). */
    private Pool pool() {
        Pool p = pool;
        if (p == null) {
            start();
            p = pool;
        }
        return p;
    }

    @Override
    protected void runSoon(Task t) {
        pool().execute(new Action(t));
    }

    @Override
    protected void runDrainer(Object key, Runnable drainer) {
        pool().execute(drainer);
    }

    @Override
    protected void addTimer(Task t) {
        timers.add(t);
    }

    @Override
    protected List<Task> takeTimers() {
        return timers.takeAll();
    }

    @Override
    protected List<Task> takeQueued() {
        List<Task> out = new ArrayList<>();
        Pool p = pool;
        if (p == null) {
            return out;
        }
        for (ForkJoinTask<?> f : p.drain()) {
            if (f instanceof Action a) {
                out.add(a.task);
            } else {
                p.execute(f); // a key's drainer: it finds its queue handed over and stops
            }
        }
        return out;
    }

    @Override
    protected long queuedUnkeyed() {
        Pool p = pool;
        return p == null ? 0 : p.getQueuedSubmissionCount() + p.getQueuedTaskCount();
    }

    @Override
    protected long timedWaiting() {
        return timers.size();
    }

    @Override
    public int workers() {
        return parallelism;
    }
}
