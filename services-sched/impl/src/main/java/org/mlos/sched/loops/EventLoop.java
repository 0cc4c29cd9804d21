package org.mlos.sched.loops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.mlos.sched.core.Task;
import org.mlos.sched.core.TimerHeap;

/**
 * One loop, one thread: runs what it is given, in order, to completion, and its own timers.
 * Nothing it runs is ever run by another thread, which is what makes a key pinned to a loop
 * safe without locks.
 */
final class EventLoop implements Runnable {

    /** How long an idle loop polls before it parks: a submit to a polling loop needs no wake-up call. */
    static final long SPIN_NANOS = 20_000;

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final TimerHeap timers = new TimerHeap();
    private final Consumer<Task> runTask;
    private final Consumer<Task> due;
    private final Thread thread;
    private volatile boolean parked;
    private volatile boolean stopping;

    EventLoop(String name, Consumer<Task> runTask, Consumer<Task> due) {
        this.runTask = runTask;
        this.due = due;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** Finishes what is queued, then ends. */
    void stop() {
        stopping = true;
        LockSupport.unpark(thread);
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** A task or a key's drainer. */
    void submit(Object work) {
        queue.add(work);
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    void addTimer(Task t) {
        timers.add(t);
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    List<Task> takeTimers() {
        return timers.takeAll();
    }

    /** A swap's export: the queued tasks leave; drainers stay (they find their queue handed over). */
    List<Task> takeTasks() {
        List<Task> out = new ArrayList<>();
        List<Object> drainers = new ArrayList<>();
        Object o;
        while ((o = queue.poll()) != null) {
            if (o instanceof Task t) {
                out.add(t);
            } else {
                drainers.add(o);
            }
        }
        drainers.forEach(this::submit);
        return out;
    }

    int queued() {
        return queue.size();
    }

    int timed() {
        return timers.size();
    }

    /** Polls briefly for work (or a timer coming due) before parking; true if there is some. */
    private boolean spinForWork(long nextTimer) {
        long end = System.nanoTime() + Math.min(SPIN_NANOS, nextTimer);
        while (System.nanoTime() - end < 0) {
            if (!queue.isEmpty() || stopping) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    @Override
    public void run() {
        while (true) {
            long next = timers.dispatchDue(due);
            Object o = queue.poll();
            if (o != null) {
                if (o instanceof Task t) {
                    runTask.accept(t);
                } else {
                    ((Runnable) o).run();
                }
                continue;
            }
            if (stopping) {
                return;
            }
            if (spinForWork(next)) {
                continue;
            }
            parked = true;
            // Look at the timers again once parked is set: a timer added since 'next' was computed
            // may have seen parked == false and not woken this loop (it would then never run).
            long wait = timers.nanosToNext();
            if (queue.isEmpty() && wait > 0) {
                if (wait == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, wait);
                }
            }
            parked = false;
        }
    }
}
