package org.mlos.sched.virtual;

import java.util.List;
import java.util.concurrent.ThreadFactory;

import org.mlos.core.api.Kernel;
import org.mlos.sched.api.Scheduler;
import org.mlos.sched.core.AbstractScheduler;
import org.mlos.sched.core.Task;
import org.mlos.sched.core.TimerHeap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code virtual}: a virtual thread per task (and one per key's drainer), a platform thread for
 * timers. Tasks may block as much as they like without holding a worker; nothing is queued, so a
 * swap moves only timed tasks and keyed tasks waiting behind their key.
 */
@Component(service = Scheduler.class, property = Kernel.IMPL + "=virtual")
public final class VirtualScheduler extends AbstractScheduler {

    private final TimerHeap timers = new TimerHeap();
    /**
     * A factory, not a builder: a builder is not thread-safe (its name counter races between
     * submitters), and unnamed threads skip formatting a name per task, as the JDK's own
     * virtual-thread-per-task executor does.
     */
    private final ThreadFactory threads = Thread.ofVirtual().factory();
    private Thread timerThread;

    /** For DS and plain Java. */
    public VirtualScheduler() {
        super(false); // a key's drainer is a thread of its own: a turn that ends early only costs a new thread
        start();
    }

    @Activate
    void activate() {
        start();
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    @Override
    protected synchronized void start() {
        if (timerThread == null) {
            timerThread = Thread.ofPlatform().name("mlos-virtual-timers").daemon()
                    .start(() -> timers.runUntilInterrupted(this::due));
        }
    }

    @Override
    protected synchronized void stop() {
        if (timerThread != null) {
            timerThread.interrupt();
            timerThread = null;
        }
    }

    @Override
    protected void runSoon(Task t) {
        threads.newThread(() -> run(t)).start();
    }

    @Override
    protected void runDrainer(Object key, Runnable drainer) {
        threads.newThread(drainer).start();
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
        return List.of();
    }

    @Override
    protected long queuedUnkeyed() {
        return 0;
    }

    @Override
    protected long timedWaiting() {
        return timers.size();
    }

    @Override
    public int workers() {
        return 0;
    }
}
