package org.mlos.core.kernel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.mlos.core.api.NoImplementationException;
import org.mlos.core.handle.Gate;

/**
 * The mediated path of one handle: K42's mediator, kept ready instead of interposed.
 *
 * <p>Every mediated call counts itself in the current {@link Epoch}, checks that the epoch is still
 * current, then looks at the hold ({@link Hold}); the kernel sets it before it flips the epoch and
 * waits for the old one to empty. All of it is sequentially consistent, so either the call sees
 * the hold and waits, or the kernel sees the call and waits for it. The re-check matters once a
 * swap flips more than once (drain, live rounds, hold): without it a call that read an epoch
 * before an earlier flip could count itself there after the kernel had drained it. Flipping to a new epoch lets the kernel wait for the calls that began
 * before a point in time while later calls keep flowing.
 *
 * <p>A call made by a thread already inside a call on this handle (a re-entrant call) passes
 * without counting or waiting: its outer call already counts it, and holding it would deadlock.
 * So does a call made by the swapping thread itself; once it holds callers, a mutating one is
 * refused ({@link #swapStepCall()}).
 *
 * <p>Only the kernel holds a gate; handles see it as a {@link Gate}, clients never see it.
 */
final class CallGate<T> implements Gate<T> {

    private final String kind;
    private final ThreadLocal<Caller> callers = ThreadLocal.withInitial(Caller::new);
    private final LongAdder served = new LongAdder();
    private final LongAdder failures = new LongAdder();
    /** Time spent in counted outermost calls, for the mean latency health checks compare. */
    private final LongAdder callNanos = new LongAdder();
    private final LongAdder failureNanos = new LongAdder();
    private final LongAdder held = new LongAdder();
    private final Object arrival = new Object();
    /** Serialises every change of the direct path, so that it always reflects all three settings. */
    private final Object switching = new Object();

    private volatile T target;
    private volatile Epoch epoch = new Epoch();
    private volatile Hold hold;
    private volatile DirtyLog dirty;
    private volatile Consumer<? super T> direct = t -> { };
    private volatile boolean mediating = true;
    private volatile boolean counting;
    private volatile Thread swapper;
    private volatile long waitNanos;
    private volatile Supplier<String> absent;

    public CallGate(String kind) {
        this.kind = kind;
        this.absent = () -> "no implementation of kind " + kind + " is installed";
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public void bind(Consumer<? super T> directSetter) {
        this.direct = directSetter;
    }

    // ---- the caller's side (generated handles) --------------------------------------------

    @Override
    public T enter() {
        Caller c = callers.get();
        Thread s = swapper;
        if (c.depth == 0 && Thread.currentThread() != s) {
            if (s != null) {
                // A swap is under way: give up the core once. When callers outnumber cores, the
                // swapping thread, and any caller preempted inside a call the swap waits for, get
                // one sooner; on a busy machine this cuts a swap from tens of ms to under one.
                Thread.yield();
            }
            c.epoch = passGate();
        }
        c.depth++;
        // Counted from here: anything below that throws (an Error of a thread short of stack, say)
        // must uncount the call, or the swap waits for it in vain and this thread passes every hold.
        try {
            T t = target;
            if (t == null) {
                throw new NoImplementationException(kind, absent.get());
            }
            if (counting) {
                served.increment();
                if (c.depth == 1) {
                    c.started = System.nanoTime();
                }
            }
            return t;
        } catch (Throwable e) {
            exit();
            throw e;
        }
    }

    /**
     * A mutating call through the handle by the thread swapping the kind, while callers are held
     * (the transfer's last part, the import's check, the new implementation's beforeServing, a
     * rollback's aborts): the state is between implementations, so the old one would take a write
     * the move has already passed, and lose it. Refused, so that nothing acknowledged is lost; a
     * read passes, and sees the old implementation, whose state is whole until the swap ends.
     */
    private IllegalStateException swapStepCall() {
        return new IllegalStateException("a mutating call on the " + kind + " handle from a step of the swap of " + kind
                + " under way (the import, its check, beforeServing or an abort, on thread "
                + Thread.currentThread().getName() + "): the kind's state is between implementations, so the call"
                + " would be lost; call the implementation itself, or make the call once the swap has ended");
    }

    @Override
    public T enterMutation(Object key) {
        T t = enterMutating();
        DirtyLog log = dirty;
        if (log != null) {
            touchOrLeave(log, key);
        }
        return t;
    }

    /** Every key told, not the first only: a transfer's second account, changed behind the copy, was lost. */
    @Override
    public T enterMutations(Object... keys) {
        T t = enterMutating();
        DirtyLog log = dirty;
        if (log != null) {
            for (Object key : keys) {
                touchOrLeave(log, key);
            }
        }
        return t;
    }

    private T enterMutating() {
        if (hold != null && Thread.currentThread() == swapper && callers.get().depth == 0) {
            throw swapStepCall();
        }
        return enter();
    }

    private void touchOrLeave(DirtyLog log, Object key) {
        try {
            log.touch(key);
        } catch (Throwable e) {
            exit(); // a key whose hashCode throws: the call goes no further, and must not stay counted
            throw e;
        }
    }

    @Override
    public void failed() {
        if (counting) {
            failures.increment();
            Caller c = callers.get();
            if (c.depth == 1) {
                c.threw = true; // before exit(), which times the outermost call
            }
        }
    }

    @Override
    public void exit() {
        Caller c = callers.get();
        if (--c.depth == 0) {
            // uncounted first: the time below may fail (a thread short of stack), the count must not stay
            Epoch e = c.epoch;
            if (e != null) {
                c.epoch = null;
                e.inFlight.decrementAndGet();
            }
            boolean threw = c.threw;
            c.threw = false;
            if (c.started != 0) {
                long began = c.started;
                c.started = 0;
                long took = System.nanoTime() - began;
                callNanos.add(took);
                if (threw) {
                    failureNanos.add(took);
                }
            }
        }
    }

    private Epoch passGate() {
        long deadline = 0;
        for (;;) {
            Epoch e = epoch;
            e.inFlight.incrementAndGet();
            if (epoch != e) {
                // The epoch moved on between the read and the count: the kernel may already have
                // drained it, and a call counted there would run unseen. Count in the new one.
                e.inFlight.decrementAndGet();
                continue;
            }
            Hold h = hold;
            if (h == null && target != null) {
                return e;
            }
            e.inFlight.decrementAndGet();
            if (h != null) {
                held.increment();
                if (!h.await()) {
                    throw h.heldTooLong(kind);
                }
            } else {
                deadline = awaitImplementation(deadline);
            }
        }
    }

    private long awaitImplementation(long deadline) {
        long now = System.nanoTime();
        if (deadline == 0) {
            deadline = now + waitNanos;
        }
        long left = deadline - now;
        if (left <= 0) {
            throw new NoImplementationException(kind, absent.get());
        }
        synchronized (arrival) {
            if (target == null && hold == null) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(arrival, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NoImplementationException(kind,
                            absent.get() + " (interrupted while waiting for one)");
                }
            }
        }
        return deadline;
    }

    /**
     * A failover normally replaces a lost node's implementation within milliseconds (the swap
     * waits only for calls in flight, which fail at once on a lost node); past this the caller
     * gets the node's failure.
     */
    private static final long FAILOVER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Override
    public boolean awaitOther(T failed) {
        if (callers.get().depth > 0 || Thread.currentThread() == swapper) {
            return false; // inside a call on this kind: the failover's swap waits for that call
        }
        long deadline = System.nanoTime() + FAILOVER_WAIT_NANOS;
        synchronized (arrival) {
            while (target == failed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(arrival, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return target != null || waitNanos > 0;
    }

    // ---- the kernel's side ----------------------------------------------------------------

    /** The implementation mediated calls go to, or null. */
    public T target() {
        return target;
    }

    /** Points mediated calls at an implementation (null: none installed) and wakes waiting callers. */
    public void target(T impl) {
        synchronized (switching) {
            this.target = impl;
            publishDirect();
        }
        synchronized (arrival) {
            arrival.notifyAll();
        }
    }

    /** Closes the direct path: from now on every new call is mediated. */
    public void mediate() {
        synchronized (switching) {
            mediating = true;
            publishDirect();
        }
    }

    /** Opens the direct path to the current target again, unless calls are being counted. */
    public void unmediate() {
        synchronized (switching) {
            mediating = false;
            publishDirect();
        }
    }

    /**
     * The direct path follows from the three settings, read together: a configuration change
     * that turns counting off while a swap mediates must neither reopen the path mid-swap nor
     * point it at an implementation the swap has just replaced.
     */
    private void publishDirect() {
        T t = target;
        direct.accept(!mediating && !counting && t != null ? t : null);
    }

    /** Whether every call is currently mediated. */
    public boolean mediating() {
        return mediating;
    }

    /** Starts logging the keys of mutating calls and returns a drain of the calls that might not log. */
    public Drain startDirtyLog() {
        dirty = new DirtyLog();
        return flip();
    }

    /**
     * Replaces the log with a fresh one. The old log is complete once the returned drain is: a
     * call that may still record into it, or still be applying its change, began before the
     * rotation and so is counted in the drained epoch.
     */
    public Rotation rotateDirtyLog() {
        DirtyLog old = dirty;
        dirty = new DirtyLog();
        return new Rotation(old, flip());
    }

    /** The keys logged so far (a live swap's next replay), or 0 if no log runs. */
    public int dirtyKeys() {
        DirtyLog log = dirty;
        return log == null ? 0 : log.all() ? Integer.MAX_VALUE : log.keys().size();
    }

    /** A log taken out of service, and the calls it may still receive. */
    public static final class Rotation {
        private final DirtyLog log;
        private final Drain drain;

        private Rotation(DirtyLog log, Drain drain) {
            this.log = log;
            this.drain = drain;
        }

        public DirtyLog log() {
            return log;
        }

        public Drain drain() {
            return drain;
        }
    }

    /** Stops logging and returns the log (null if none was running). */
    public DirtyLog stopDirtyLog() {
        DirtyLog log = dirty;
        dirty = null;
        return log;
    }

    /**
     * A drain of the calls that passed the gate so far; later calls count in a new epoch. Waiting
     * on it before holding anyone keeps one slow call from holding every caller.
     */
    public Drain mark() {
        return flip();
    }

    /** Holds new outer calls and returns a drain of the calls that passed before. */
    public Drain hold() {
        held.reset();
        Hold previous = hold;
        hold = new Hold();
        if (previous != null) {
            previous.open(); // never strand a caller on a latch nobody will release
        }
        return flip();
    }

    /**
     * From now on (the swap's last steps, once the calls in flight have drained) a held call
     * waits at most {@code nanos} more, then fails unapplied ({@link Hold}).
     */
    public void boundHold(long nanos) {
        Hold h = hold;
        if (h != null) {
            h.bound(nanos);
        }
    }

    /** Lets held calls go; they read the target afresh. */
    public void release() {
        Hold h = hold;
        hold = null;
        if (h != null) {
            h.open();
        }
        synchronized (arrival) {
            arrival.notifyAll();
        }
    }

    /** Whether new outer calls are being held now. */
    public boolean holding() {
        return hold != null;
    }

    /** Calls that found the gate held since the last {@link #hold()}. */
    public long heldCalls() {
        return held.sum();
    }

    /** Marks the thread running a swap: its own calls through the handle pass without waiting. */
    public void swapper(Thread thread) {
        this.swapper = thread;
    }

    /** True if the current thread is the one swapping the kind (a swap step's callback runs on it). */
    public boolean currentThreadSwapping() {
        return Thread.currentThread() == swapper;
    }

    /** True if the current thread is inside a mediated call on this handle. */
    public boolean currentThreadInside() {
        return callers.get().depth > 0;
    }

    /** Counts every call (at the price of mediating all of them) or stops counting. */
    public void counting(boolean on) {
        synchronized (switching) {
            counting = on;
            publishDirect();
        }
    }

    public boolean counting() {
        return counting;
    }

    /** Calls counted while counting was on. */
    public long served() {
        return served.sum();
    }

    /** Calls, failures and time in calls counted while counting was on. */
    public org.mlos.core.api.CallFigures figures() {
        // the failures' time read first: exit() adds a call's time to the total before the failures',
        // so read in this order the failures' part never exceeds the total
        long failed = failureNanos.sum();
        return new org.mlos.core.api.CallFigures(served.sum(), failures.sum(), callNanos.sum(), failed);
    }

    /** How long a caller waits for an implementation when none is installed. */
    public void waitForImplementation(long millis) {
        this.waitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
    }

    /** What callers are told when no implementation is installed. */
    public void absentMessage(Supplier<String> message) {
        this.absent = message;
    }

    private Drain flip() {
        Epoch old = epoch;
        epoch = new Epoch();
        return new Drain(old);
    }

    private static final class Caller {
        int depth;
        Epoch epoch;
        /** When the outermost counted call began (System.nanoTime), 0 when not timed. */
        long started;
        /** The outermost call threw (told by failed()). */
        boolean threw;
    }
}
