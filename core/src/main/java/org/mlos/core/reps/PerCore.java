package org.mlos.core.reps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;

/**
 * The root of a per-core object: one representative per stripe of threads (see the package
 * documentation for what a "core" is on the JVM), made on first use by the miss handler, and the
 * operations that span them.
 *
 * <p>{@link #rep()} costs a thread-id read, a mask, an array load and one well-predicted null
 * check: EbbRT's "one predictable branch". A representative may be reached by more than one thread
 * (threads sharing a stripe, a thread moving between cores), so its own operations must be
 * thread-safe; what it gains is that, most of the time, no other core touches its cache lines.
 *
 * @param <R> the representative's type
 */
public final class PerCore<R> {

    /** Stripes at most: beyond this many cores a stripe per core costs more memory than it saves. */
    static final int MAX_SLOTS = 1024;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    private final Object[] reps;
    private final int mask;
    private final IntFunction<? extends R> missHandler;

    private PerCore(int slots, IntFunction<? extends R> missHandler) {
        this.reps = new Object[slots];
        this.mask = slots - 1;
        this.missHandler = missHandler;
    }

    /**
     * A per-core object with one stripe per thread of a pool of up to twice the processors.
     *
     * @param missHandler makes the representative of a stripe (given its index) the first time a
     *                    thread of that stripe asks for it; it may run more than once for a stripe
     *                    when threads race, and only one result is kept, so it must not publish
     *                    what it makes
     */
    public static <R> PerCore<R> of(IntFunction<? extends R> missHandler) {
        return of(defaultSlots(), missHandler);
    }

    /** As {@link #of(IntFunction)}, with a given number of stripes (a power of two, 1 to 1024). */
    public static <R> PerCore<R> of(int slots, IntFunction<? extends R> missHandler) {
        Objects.requireNonNull(missHandler, "missHandler (makes a stripe's representative on first use)");
        if (slots < 1 || slots > MAX_SLOTS || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two from 1 to " + MAX_SLOTS + ", was "
                    + slots + "; PerCore.defaultSlots() gives " + defaultSlots() + " on this machine");
        }
        return new PerCore<>(slots, missHandler);
    }

    /** A power of two at least twice the processors (at least 4): a pool of that many threads gets a stripe each. */
    public static int defaultSlots() {
        int want = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        return Math.min(MAX_SLOTS, Integer.highestOneBit(want - 1) << 1);
    }

    /** The calling thread's stripe in a table of {@code slots} stripes. */
    @SuppressWarnings("deprecation") // threadId() is Java 19+; this package compiles for 17, and getId() is the same field
    public static int stripeOfCurrentThread(int slots) {
        return (int) Thread.currentThread().getId() & (slots - 1);
    }

    /** The calling thread's representative, made by the miss handler if its stripe has none yet. */
    @SuppressWarnings("unchecked")
    public R rep() {
        int i = stripeOfCurrentThread(reps.length);
        Object r = SLOT.getAcquire(reps, i);
        return r != null ? (R) r : miss(i);
    }

    /** The representative of a stripe, made if missing (e.g. to import state into a known stripe). */
    @SuppressWarnings("unchecked")
    public R rep(int stripe) {
        Objects.checkIndex(stripe, reps.length);
        Object r = SLOT.getAcquire(reps, stripe);
        return r != null ? (R) r : miss(stripe);
    }

    @SuppressWarnings("unchecked")
    private R miss(int i) {
        R made = missHandler.apply(i);
        if (made == null) {
            throw new IllegalStateException("the miss handler of a PerCore returned null for stripe " + i
                    + ": it must make a representative");
        }
        Object won = SLOT.compareAndExchangeRelease(reps, i, null, made);
        return won == null ? made : (R) won;
    }

    /** Every representative made so far, in stripe order: the root's walk (sums, flushes, state transfer). */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super R> action) {
        for (int i = 0; i < reps.length; i++) {
            Object r = SLOT.getAcquire(reps, i);
            if (r != null) {
                action.accept((R) r);
            }
        }
    }

    /** The sum of a figure over every representative. */
    public long sum(ToLongFunction<? super R> figure) {
        long[] s = { 0 };
        forEach(r -> s[0] += figure.applyAsLong(r));
        return s[0];
    }

    /** How many representatives the miss handler has made and kept. */
    public int created() {
        int n = 0;
        for (int i = 0; i < reps.length; i++) {
            if (SLOT.getAcquire(reps, i) != null) {
                n++;
            }
        }
        return n;
    }

    /** The number of stripes. */
    public int slots() {
        return reps.length;
    }
}
