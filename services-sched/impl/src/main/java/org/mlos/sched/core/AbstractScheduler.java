package org.mlos.sched.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.mlos.core.reps.PerCoreCounter;
import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.SwapAware;
import org.mlos.core.state.Transferable;
import org.mlos.sched.api.KeyFence;
import org.mlos.sched.api.ScheduledTask;
import org.mlos.sched.api.Scheduler;
import org.mlos.sched.api.SchedulerStats;
import org.mlos.sched.api.TaskEntry;

/**
 * The scheduler kind written once over four things an implementation provides: where an
 * unkeyed task runs ({@link #runSoon}), where a key's queue is drained ({@link #runDrainer}), how
 * timed tasks wait ({@link #addTimer}, {@link #takeTimers}), and how unkeyed tasks still queued are
 * taken back ({@link #takeQueued}).
 *
 * <p>Every task carries a {@link ScheduledTask} ticket and runs only if it can claim it, so a
 * task runs at most once whatever races a swap brings. A swap hands tasks over in the entries
 * format: {@link KeyFence}s first, then {@link TaskEntry}s in order.
 */
public abstract class AbstractScheduler implements Scheduler, Transferable, SwapAware {

    private static final System.Logger LOG = System.getLogger(AbstractScheduler.class.getName());

    private final AtomicLong sequence = new AtomicLong();
    // Per-core counters: each worker (and submitter) counts on a representative it owns, without an
    // atomic instruction; LongAdders cost four atomic adds a task, and the running gauge is now
    // derived (started - completed - failed) instead of counted up and down.
    private final PerCoreCounter submitted = new PerCoreCounter();
    private final PerCoreCounter started = new PerCoreCounter();
    private final PerCoreCounter completed = new PerCoreCounter();
    private final PerCoreCounter failed = new PerCoreCounter();
    private final PerCoreCounter cancelled = new PerCoreCounter();
    // queueDepth() = ready - started - passed over: tasks that became runnable (submitted now, or
    // due, or moved in) less those a worker started or found cancelled or handed over, and those
    // a swap took away. Two more per-core adds a task instead of a walk over every queue.
    private final PerCoreCounter ready = new PerCoreCounter();
    private final PerCoreCounter passedOver = new PerCoreCounter();
    protected final KeyedQueues keyed;
    private final Fences fences;

    /** With fair key turns (see {@link #AbstractScheduler(boolean)}). */
    protected AbstractScheduler() {
        this(true);
    }

    /**
     * @param fairKeyTurns whether a key's turn on a worker runs only the tasks queued when it began
     *        (its worker's other keys wait behind it: fair for shared workers), or runs on while
     *        the key has tasks, up to 64 (for a drainer with a thread of its own, where a new turn
     *        costs a new thread and makes no one wait)
     */
    protected AbstractScheduler(boolean fairKeyTurns) {
        keyed = new KeyedQueues(this, fairKeyTurns);
        fences = new Fences(keyed);
    }

    // ---- what an implementation provides -------------------------------------------------------

    /** Runs an unkeyed task (through {@link #run}) on some worker. */
    protected abstract void runSoon(Task t);

    /** Runs a key's drainer where the key belongs; the same key must always go to the same place. */
    protected abstract void runDrainer(Object key, Runnable drainer);

    /** Keeps a timed task until it is due, then passes it to {@link #due}. */
    protected abstract void addTimer(Task t);

    /** A swap's export: removes and returns every timed task still waiting. */
    protected abstract List<Task> takeTimers();

    /** A swap's export: removes and returns the unkeyed tasks still queued (none for a thread per task). */
    protected abstract List<Task> takeQueued();

    /** Unkeyed tasks queued now. */
    protected abstract long queuedUnkeyed();

    /** Timed tasks waiting now. */
    protected abstract long timedWaiting();

    /** Starts the worker threads, if not running. */
    protected abstract void start();

    /** Stops the worker threads once they are idle. */
    protected abstract void stop();

    // ---- Scheduler --------------------------------------------------------------------------

    @Override
    public final void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        submitted.increment();
        ready.increment();
        runSoon(newTask(null, task));
    }

    @Override
    public final void execute(Object key, Runnable task) {
        Objects.requireNonNull(key, "key (use execute(Runnable) for a task without affinity)");
        Objects.requireNonNull(task, "task");
        submitted.increment();
        ready.increment();
        fences.submit(newTask(key, task));
    }

    @Override
    public final ScheduledTask schedule(Runnable task, long delay, TimeUnit unit) {
        return scheduleTask(null, task, delay, unit);
    }

    @Override
    public final ScheduledTask schedule(Object key, Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(key, "key (use schedule(Runnable, ...) for a task without affinity)");
        return scheduleTask(key, task, delay, unit);
    }

    private ScheduledTask scheduleTask(Object key, Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        submitted.increment();
        Task t = newTimedTask(key, task, System.nanoTime() + Math.max(0, unit.toNanos(delay)));
        if (delay <= 0) {
            due(t);
        } else {
            addTimer(t);
        }
        return t.ticket;
    }

    /**
     * An immediate task: no sequence number (only timed ones need it, to order equal due times)
     * and no due time (no clock read a task); {@link Task#immediate()} tells it from a timed one.
     */
    private Task newTask(Object key, Runnable body) {
        return new Task(key, body, 0L, 0);
    }

    private Task newTimedTask(Object key, Runnable body, long dueNanos) {
        return new Task(key, body, dueNanos, sequence.incrementAndGet());
    }

    /** A timed task is due: it runs like one submitted now. */
    protected final void due(Task t) {
        ready.increment();
        if (t.key == null) {
            runSoon(t);
        } else {
            fences.submit(t);
        }
    }

    /** Runs a task if its ticket can still be claimed; counts it either way. */
    protected final void run(Task t) {
        if (!t.ticket.claim()) {
            passedOver.increment();
            if (t.ticket.isCancelled()) {
                cancelled.increment();
            }
            return; // cancelled, or handed over to another scheduler
        }
        started.increment();
        boolean ran = false;
        try {
            t.body.run();
            ran = true;
        } catch (Throwable e) {
            failed.increment();
            logFailure(t, e);
        } finally {
            if (ran) {
                completed.increment(); // before finish(): whoever sees the task done sees it counted
            }
            t.ticket.finish();
        }
    }

    /**
     * Logs a task that threw, never throwing itself: the task's, its key's or the exception's
     * {@code toString} is the caller's code and may throw too (a shell closure's did), which
     * escaped the handler and ended the worker thread, leaving its queued tasks unrun.
     */
    private static void logFailure(Task t, Throwable e) {
        try {
            LOG.log(System.Logger.Level.WARNING, "task " + described(t.body) + (t.key == null ? "" : " (key "
                    + described(t.key) + ")") + " threw " + described(e), e);
        } catch (Throwable logging) {
            // the log could not take it (a throwing getMessage in the stack trace, say): the count has it
        }
    }

    private static String described(Object o) {
        try {
            return String.valueOf(o);
        } catch (Throwable thrown) {
            return o.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(o))
                    + " (its toString threw " + thrown.getClass().getName() + ")";
        }
    }

    @Override
    public long queueDepth() {
        // started first: a task that starts between the reads can only make the figure smaller
        long gone = started.sum() + passedOver.sum();
        return Math.max(0, ready.sum() - gone);
    }

    @Override
    public SchedulerStats stats() {
        // Completed and failed first: read before started, a task finishing meanwhile cannot make running negative.
        long done = completed.sum() + failed.sum();
        long running = Math.max(0, started.sum() - done);
        return new SchedulerStats(submitted.sum(), completed.sum(), failed.sum(), cancelled.sum(),
                queuedUnkeyed() + keyed.queued() + fences.waiting(), timedWaiting(), running, workers());
    }

    // ---- swaps: the entries format ------------------------------------------------------------

    @Override
    public List<String> exportFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    @Override
    public List<String> importFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    @Override
    public StateExport exportState(String format) {
        return new Handover();
    }

    /**
     * The export. The tasks are taken in {@link #forEach}, which the kernel calls with callers
     * held: taken earlier, a task submitted between the export's opening and the hold would be
     * stranded here.
     */
    private final class Handover implements EntryExport {
        private final List<Object> out = new ArrayList<>();
        private final List<Task> unkeyed = new ArrayList<>();
        private final List<Task> timers = new ArrayList<>();
        private final List<Object> fenced = new ArrayList<>();
        private final List<Task> fencedTasks = new ArrayList<>();
        private boolean taken;

        private void take() {
            if (taken) {
                return;
            }
            taken = true;
            // A key's tasks still behind a fence are older than those in its queue: they go first.
            fences.handOver(fenced, fencedTasks);
            out.addAll(fenced);
            keyed.handOver(out);
            for (Task t : takeQueued()) {
                if (t.ticket.handOver()) {
                    unkeyed.add(t);
                    out.add(new TaskEntry(null, t.body, t.ticket));
                }
            }
            for (Task t : takeTimers()) {
                if (t.ticket.handOver()) {
                    timers.add(t);
                    out.add(new TaskEntry(t.key, t.body, t.ticket));
                }
            }
            // Fences first (stable sort: the tasks keep their order).
            out.sort((a, b) -> Boolean.compare(!(a instanceof KeyFence), !(b instanceof KeyFence)));
        }

        @Override
        public void forEach(Consumer<? super StateEntry> sink) {
            take();
            for (Object e : out) {
                sink.accept((StateEntry) e);
            }
        }

        @Override
        public StateEntry entry(Object key) {
            throw new UnsupportedOperationException("schedulers swap with callers held, never live");
        }

        @Override
        public long entries() {
            return out.size();
        }

        @Override
        public void commit() {
            keyed.forgetMoved();
            // the ready tasks that left (all but the timed ones still waiting) will never start here
            long moved = 0;
            for (Object e : out) {
                if (e instanceof TaskEntry) {
                    moved++;
                }
            }
            passedOver.add(moved - timers.size());
        }

        @Override
        public void abort() {
            if (!taken) {
                return;
            }
            fences.restore(fenced, fencedTasks);
            keyed.restore();
            for (Task t : unkeyed) {
                if (t.ticket.takeBack()) {
                    runSoon(t);
                }
            }
            for (Task t : timers) {
                if (t.ticket.takeBack()) {
                    addTimer(t);
                }
            }
        }
    }

    @Override
    public StateImport importState(String format) {
        start();
        fences.gate();
        List<StateEntry> staged = new ArrayList<>();
        return new EntryImport() {
            @Override
            public void put(StateEntry entry) {
                staged.add(entry);
            }

            @Override
            public void remove(Object key) {
                throw new UnsupportedOperationException("schedulers swap with callers held, never live");
            }

            @Override
            public void clear() {
                staged.clear();
            }

            @Override
            public void commit() {
                // Fences first, then the moved tasks in their order, then whatever was submitted meanwhile.
                for (StateEntry e : staged) {
                    if (e instanceof KeyFence f) {
                        fences.add(f.affinity(), f.done());
                    }
                }
                for (StateEntry e : staged) {
                    if (e instanceof TaskEntry te) {
                        adopt(te);
                    }
                }
                fences.ungate();
            }

            @Override
            public void abort() {
                staged.clear();
                fences.ungate();
            }
        };
    }

    private void adopt(TaskEntry e) {
        if (!e.ticket().takeBack()) {
            cancelled.increment(); // cancelled while it moved
            return;
        }
        submitted.increment();
        Task t = new Task(e.affinity(), e.task(), e.ticket(), sequence.incrementAndGet());
        boolean immediate = e.ticket() instanceof Task moved && moved.immediate();
        if (!immediate && t.dueNanos() - System.nanoTime() > 0) {
            addTimer(t);
        } else if (t.key == null) {
            ready.increment();
            runSoon(t);
        } else {
            ready.increment();
            fences.submitAdopted(t);
        }
    }

    @Override
    public void retired() {
        stop();
    }
}
