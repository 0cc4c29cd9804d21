package org.mlos.sched.loops;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.mlos.sched.core.Task;
import org.mlos.sched.core.TimerHeap;

/**
 * One loop, one thread: runs what it is given to completion, and its own timers. Three queues: the
 * pinned work (a key's drainer), which no other thread ever runs, which is what makes a key pinned
 * to a loop safe without locks; the unkeyed tasks the loop submits to itself (a {@link TaskRing}:
 * no allocation, no CAS to add); and unkeyed tasks from other threads. An idle sibling may steal
 * unkeyed tasks: on the JVM a loop does not own its core, and a loop the OS preempted would
 * otherwise hold its share of the tasks (half of them, on two cores) until it runs again, while its
 * sibling idles.
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
    /** Slots of a loop's own ring: more than a loop's usual backlog of continuations. */
    static final int RING = 1024;

    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(EventLoop.class, "parked", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentLinkedQueue<Runnable> pinned = new ConcurrentLinkedQueue<>();
    /** Drainers this loop's own thread queued (a key's next turn): only this thread touches it. */
    private final ArrayDeque<Runnable> pinnedOwn = new ArrayDeque<>();
    /** What only the loop's thread reads and writes, on lines of its own (see {@link LoopLocal}). */
    private final LoopLocal local = new LoopLocal();
    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
    /** Tasks this loop submitted to itself; overflow goes to {@link #tasks}. */
    private final TaskRing own = new TaskRing(RING);
    private final TimerHeap timers = new TimerHeap();
    private final Consumer<Task> runTask;
    private final Consumer<Task> due;
    private final Object owner;
    private final Thread thread;
    private EventLoop[] siblings = new EventLoop[0];
    private volatile boolean parked;
    private volatile boolean stopping;
    /** Bumped by every {@link #addTimer}: the loop looks at its timers only when this moved or one is due. */
    private final AtomicInteger timersAdded = new AtomicInteger();

    EventLoop(String name, Object owner, Consumer<Task> runTask, Consumer<Task> due) {
        this.owner = owner;
        this.runTask = runTask;
        this.due = due;
        this.thread = new LoopThread(this, name);
    }

    /** A loop's thread: a submit from inside a task finds its loop without a lookup. */
    static final class LoopThread extends Thread {
        final EventLoop loop;

        LoopThread(EventLoop loop, String name) {
            super(loop, name);
            this.loop = loop;
            setDaemon(true);
        }
    }

    /** The loop of {@code owner} whose thread is calling, or null when the caller is no such loop. */
    static EventLoop current(Object owner) {
        return Thread.currentThread() instanceof LoopThread lt && lt.loop.owner == owner ? lt.loop : null;
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
            wakeASibling();
        }
    }

    /**
     * An unkeyed task this loop's own thread submits (a continuation): into its ring, which only
     * this thread adds to; the loop is awake (it is running the submitter), so it needs no wake-up.
     * A backlog wakes one parked sibling, as for {@link #submit}.
     */
    void submitOwn(Task t) {
        boolean backlog = !own.isEmpty();
        if (!own.offer(t)) {
            tasks.add(t);
        }
        if (backlog) {
            wakeASibling();
        }
    }

    private void wakeASibling() {
        for (EventLoop s : siblings) {
            if (s.parked) {
                s.wake();
                return;
            }
        }
    }

    /**
     * A key's drainer: only this loop runs it. From the loop's own thread (a key's next turn, a
     * task submitting to a key of this loop) it goes to a queue only this thread touches: no node,
     * no CAS, no wake-up.
     */
    void submitPinned(Runnable drainer) {
        if (Thread.currentThread() == thread) {
            pinnedOwn.add(drainer);
            return;
        }
        pinned.add(drainer);
        wake();
    }

    /** The next drainer, taking the two pinned queues in turn so that neither starves the other. */
    private Runnable nextPinned() {
        local.ownPinnedFirst = !local.ownPinnedFirst;
        Runnable r = local.ownPinnedFirst ? pinnedOwn.poll() : pinned.poll();
        if (r == null) {
            r = local.ownPinnedFirst ? pinned.poll() : pinnedOwn.poll();
        }
        return r;
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
        while ((t = own.poll()) != null) {
            out.add(t);
        }
        while ((t = tasks.poll()) != null) {
            out.add(t);
        }
        return out;
    }

    int queued() {
        return own.size() + tasks.size();
    }

    int timed() {
        return timers.size();
    }

    /** An unkeyed task of a sibling's, or null. */
    private Task steal() {
        EventLoop[] s = siblings;
        for (int i = 0; i < s.length; i++) {
            int k = local.stealFrom++ % s.length;
            if (local.stealFrom < 0) {
                local.stealFrom = 0;
            }
            Task t = s[k].own.poll();
            if (t == null) {
                t = s[k].tasks.poll();
            }
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private boolean workInSight() {
        if (!pinnedOwn.isEmpty() || !pinned.isEmpty() || !own.isEmpty() || !tasks.isEmpty() || stopping) {
            return true;
        }
        for (EventLoop s : siblings) {
            if (!s.own.isEmpty() || !s.tasks.isEmpty()) {
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
        if (added == local.timersSeen && !local.timerWaiting) {
            return Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        if (added == local.timersSeen && local.nextTimerAt - now > 0) {
            return local.nextTimerAt - now;
        }
        local.timersSeen = added;
        long next = timers.dispatchDue(due);
        local.timerWaiting = next != Long.MAX_VALUE;
        local.nextTimerAt = now + next;
        return next;
    }

    @Override
    public void run() {
        while (true) {
            long next = dispatchTimers();
            Runnable r = nextPinned();
            if (r != null) {
                r.run();
                continue;
            }
            Task t = own.poll();
            if (t == null) {
                t = tasks.poll();
            }
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
