package org.mlos.sched.loops;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.mlos.sched.core.Task;
import org.mlos.sched.core.TimerHeap;

/**
 * One loop, one thread: runs what it is given to completion, and its own timers. Two queues: the
 * pinned work (a key's drainer), which no other thread ever runs, which is what makes a key pinned
 * to a loop safe without locks; and unkeyed tasks, which an idle sibling may steal. On the JVM a
 * loop does not own its core: a loop the OS preempted would otherwise hold its share of the tasks
 * (half of them, on two cores) until it runs again, while its sibling idles.
 */
final class EventLoop implements Runnable {

    /** How long an idle loop polls before it parks: a submit to a polling loop needs no wake-up call. */
    static final long SPIN_NANOS = 20_000;
    /**
     * Pauses between two looks at the queues while polling. Looking pulls the queues' tail lines
     * to this core, and the submitter then waits to get them back for its next offer: polled
     * without pause, the submitter spent most of its time in that offer (JFR).
     */
    static final int PAUSES_PER_LOOK = 32;

    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(EventLoop.class, "parked", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentLinkedQueue<Runnable> pinned = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final TimerHeap timers = new TimerHeap();
    private final Consumer<Task> runTask;
    private final Consumer<Task> due;
    private final Thread thread;
    private EventLoop[] siblings = new EventLoop[0];
    private volatile boolean parked;
    private volatile boolean stopping;
    /** Bumped by every {@link #addTimer}: the loop looks at its timers only when this moved or one is due. */
    private final AtomicInteger timersAdded = new AtomicInteger();
    private int timersSeen;
    private long nextTimerAt;
    private boolean timerWaiting;
    private int stealFrom;

    EventLoop(String name, Consumer<Task> runTask, Consumer<Task> due) {
        this.runTask = runTask;
        this.due = due;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this);
    }

    /** The loops this one may steal unkeyed tasks from; set before {@link #start()}. */
    void siblings(EventLoop[] all) {
        List<EventLoop> others = new ArrayList<>();
        for (EventLoop l : all) {
            if (l != this) {
                others.add(l);
            }
        }
        siblings = others.toArray(new EventLoop[0]);
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

    /**
     * An unkeyed task: this loop runs it, or a sibling steals it. When tasks were already waiting
     * here, one parked sibling is woken to help (once per park; a polling one finds them itself):
     * work that piles up spreads, work this loop keeps up with costs no one else a wake-up. A
     * single task behind a busy loop, with every sibling parked, waits for that loop or the next
     * submit.
     */
    void submit(Task t) {
        boolean backlog = !tasks.isEmpty();
        tasks.add(t);
        wake();
        if (backlog) {
            for (EventLoop s : siblings) {
                if (s.parked) {
                    s.wake();
                    return;
                }
            }
        }
    }

    /** A key's drainer: only this loop runs it. */
    void submitPinned(Runnable drainer) {
        pinned.add(drainer);
        wake();
    }

    /** One wake-up per park: the first submitter to see the loop parked unparks it, the rest need not. */
    void wake() {
        if (parked && PARKED.compareAndSet(this, true, false)) {
            LockSupport.unpark(thread);
        }
    }

    void addTimer(Task t) {
        timers.add(t);
        timersAdded.incrementAndGet(); // after the add: a loop that sees the new count finds the timer
        wake();
    }

    List<Task> takeTimers() {
        return timers.takeAll();
    }

    /** A swap's export: the queued unkeyed tasks leave; drainers stay (they find their queue handed over). */
    List<Task> takeTasks() {
        List<Task> out = new ArrayList<>();
        Task t;
        while ((t = tasks.poll()) != null) {
            out.add(t);
        }
        return out;
    }

    int queued() {
        return tasks.size();
    }

    int timed() {
        return timers.size();
    }

    /** An unkeyed task of a sibling's, or null. */
    private Task steal() {
        EventLoop[] s = siblings;
        for (int i = 0; i < s.length; i++) {
            int k = stealFrom++ % s.length;
            if (stealFrom < 0) {
                stealFrom = 0;
            }
            Task t = s[k].tasks.poll();
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private boolean workInSight() {
        if (!pinned.isEmpty() || !tasks.isEmpty() || stopping) {
            return true;
        }
        for (EventLoop s : siblings) {
            if (!s.tasks.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Polls briefly for work (or a timer coming due) before parking; true if there is some. */
    private boolean spinForWork(long nextTimer) {
        long end = System.nanoTime() + Math.min(SPIN_NANOS, nextTimer);
        while (System.nanoTime() - end < 0) {
            if (workInSight()) {
                return true;
            }
            for (int i = 0; i < PAUSES_PER_LOOK; i++) {
                Thread.onSpinWait();
            }
        }
        return false;
    }

    /**
     * Dispatches the timers due now, when one may be: a timer was added since the last look, or
     * the earliest one known is due. Looking every task took the heap's lock and read the clock
     * for every task the loop ran.
     *
     * @return nanoseconds until the next timer, or {@link Long#MAX_VALUE} if none waits
     */
    private long dispatchTimers() {
        int added = timersAdded.get();
        if (added == timersSeen && !timerWaiting) {
            return Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        if (added == timersSeen && nextTimerAt - now > 0) {
            return nextTimerAt - now;
        }
        timersSeen = added;
        long next = timers.dispatchDue(due);
        timerWaiting = next != Long.MAX_VALUE;
        nextTimerAt = now + next;
        return next;
    }

    @Override
    public void run() {
        while (true) {
            long next = dispatchTimers();
            Runnable r = pinned.poll();
            if (r != null) {
                r.run();
                continue;
            }
            Task t = tasks.poll();
            if (t == null) {
                t = steal();
            }
            if (t != null) {
                runTask.accept(t);
                continue;
            }
            if (stopping) {
                return;
            }
            if (spinForWork(next)) {
                continue;
            }
            parked = true;
            // Look at the queues (the siblings' too) and timers again once parked is set: a submit
            // or timer added since the last look may have seen parked == false and not woken this
            // loop, and a submit behind a sibling's backlog wakes only a loop it sees parked.
            long wait = timers.nanosToNext();
            if (!workInSight() && wait > 0 && parked) {
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
