package org.mlos.sched.loops;

import java.util.ArrayList;
import java.util.List;

import org.mlos.core.api.Kernel;
import org.mlos.sched.api.Scheduler;
import org.mlos.sched.core.AbstractScheduler;
import org.mlos.sched.core.SchedConfig;
import org.mlos.sched.core.Task;
import org.mlos.sched.core.Workers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code loops}: EbbRT-style per-core event loops. One loop per core, each a single thread
 * running to completion; a key always goes to the same loop (its hash), so a key's data stays on
 * one core and its tasks need no locks; unkeyed tasks go round-robin, and an idle loop steals
 * them from a busy (or preempted) sibling; each loop keeps its own timers. The best latency for short, non-blocking tasks; a task that blocks stalls its whole loop.
 */
@Component(service = Scheduler.class, property = Kernel.IMPL + "=loops", configurationPid = "org.mlos.sched.loops")
@Designate(ocd = SchedConfig.class)
public final class LoopsScheduler extends AbstractScheduler {

    private int count;
    private volatile EventLoop[] loops;

    /** For DS. */
    public LoopsScheduler() {
    }

    /** For plain Java and tests. */
    public LoopsScheduler(int loops) {
        this.count = loops;
        start();
    }

    @Activate
    void activate(SchedConfig config, org.osgi.framework.BundleContext context) {
        count = Workers.of(config, context);
        start();
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    @Override
    protected synchronized void start() {
        if (loops != null) {
            return;
        }
        EventLoop[] fresh = new EventLoop[count];
        for (int i = 0; i < count; i++) {
            fresh[i] = new EventLoop("mlos-loop-" + i, this, this::run, this::due);
        }
        for (EventLoop l : fresh) {
            l.siblings(fresh);
        }
        for (EventLoop l : fresh) {
            l.start();
        }
        loops = fresh;
    }

    @Override
    protected synchronized void stop() {
        if (loops == null) {
            return;
        }
        for (EventLoop l : loops) {
            l.stop();
        }
        loops = null;
    }

    /** The loops, started again if work reaches a stopped scheduler (late work is run, not lost). */
    private EventLoop[] loops() {
        EventLoop[] l = loops;
        if (l == null) {
            start();
            l = loops;
        }
        return l;
    }

    private EventLoop loopOf(Object key) {
        EventLoop[] l = loops();
        int h = key.hashCode();
        return l[((h ^ (h >>> 16)) & Integer.MAX_VALUE) % l.length];
    }

    /**
     * The loop for a thread that is not one of the loops (a representative per thread stripe, as
     * for per-core objects): no shared counter to bump, and one submitter's tasks stay together;
     * loops that fall idle steal, and a backlog wakes a parked sibling ({@link EventLoop#submit}).
     * A loop's own thread uses its own loop ({@link #runSoon}): by thread id, a loop's
     * continuations went to whichever loop its id picked, half the time the other one.
     */
    private EventLoop anyLoop() {
        EventLoop[] l = loops();
        return l[(int) (Thread.currentThread().threadId() % l.length)];
    }

    @Override
    protected void runSoon(Task t) {
        EventLoop mine = EventLoop.current(this);
        if (mine != null) {
            mine.submitOwn(t); // a continuation: stays on the loop that made it, no hand-off
        } else {
            anyLoop().submit(t);
        }
    }

    @Override
    protected void runDrainer(Object key, Runnable drainer) {
        loopOf(key).submitPinned(drainer);
    }

    @Override
    protected void addTimer(Task t) {
        (t.key() == null ? anyLoop() : loopOf(t.key())).addTimer(t);
    }

    @Override
    protected List<Task> takeTimers() {
        List<Task> out = new ArrayList<>();
        EventLoop[] l = loops;
        if (l != null) {
            for (EventLoop loop : l) {
                out.addAll(loop.takeTimers());
            }
        }
        return out;
    }

    @Override
    protected List<Task> takeQueued() {
        List<Task> out = new ArrayList<>();
        EventLoop[] l = loops;
        if (l != null) {
            for (EventLoop loop : l) {
                out.addAll(loop.takeTasks());
            }
        }
        return out;
    }

    @Override
    protected long queuedUnkeyed() {
        long n = 0;
        EventLoop[] l = loops;
        if (l != null) {
            for (EventLoop loop : l) {
                n += loop.queued();
            }
        }
        return n;
    }

    @Override
    protected long timedWaiting() {
        long n = 0;
        EventLoop[] l = loops;
        if (l != null) {
            for (EventLoop loop : l) {
                n += loop.timed();
            }
        }
        return n;
    }

    @Override
    public int workers() {
        return count;
    }
}
