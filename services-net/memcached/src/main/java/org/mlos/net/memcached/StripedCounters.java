package org.mlos.net.memcached;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.mlos.core.reps.PerCore;

/**
 * The server's counters, one representative per core ({@link PerCore}: a stripe of threads, so
 * each Vert.x event loop has its own). A representative's first thread owns it and adds with a
 * plain read and an ordered store, no atomic instruction; other threads of its stripe add
 * atomically to a second block beside it. Before this, one {@code LongAdder} a counter put the
 * adders side by side on the heap, where a counter two event loops bumped now and then moved its
 * line between cores: 15% of a node's time under meta load; then stripes by identity hash with an
 * atomic add each.
 *
 * <p>{@code new StripedCounters(1)} (or {@link #shareOneRepresentative()}) is the shared layout the
 * bench compares with: every thread on one representative, the owner's adds and everyone else's
 * atomics on the same lines.
 */
final class StripedCounters {

    /** Counters in a set: room for the server's counters. */
    static final int STRIDE = 32;
    /** Longs of padding around each block (a cache line), so neighbours on the heap share no line with it. */
    private static final int PAD = 8;
    private static final int OWNED = PAD;
    private static final int SHARED = OWNED + STRIDE + PAD;
    private static final int LENGTH = SHARED + STRIDE + PAD;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    private PerCore<Stripe> stripes;
    /** What {@code stats reset} subtracts, per counter: owners are their blocks' only writers, so a reset cannot zero them. */
    private final long[] resetBase = new long[STRIDE];
    private int allocated;

    /** One representative per core (the server's counters). */
    StripedCounters() {
        this(PerCore.defaultSlots());
    }

    /** With a given number of representatives (a power of two); 1 shares one among every thread. */
    StripedCounters(int slots) {
        stripes = PerCore.of(slots, i -> new Stripe());
    }

    /**
     * Puts every thread on one representative (the shared layout). Only before the first add: a
     * set's owner (its constructor) calls it, before the set is published.
     */
    void shareOneRepresentative() {
        if (stripes.created() > 0) {
            throw new IllegalStateException("the layout of a counter set is chosen before its first add");
        }
        stripes = PerCore.of(1, i -> new Stripe());
    }

    /** A new counter of this set; at most {@value #STRIDE}. Not thread-safe: counters are made at construction. */
    Counter counter() {
        if (allocated == STRIDE) {
            throw new IllegalStateException("a striped counter set holds " + STRIDE + " counters; make another set");
        }
        return new Counter(allocated++);
    }

    /** Representatives made so far. */
    int representatives() {
        return stripes.created();
    }

    /** One core's block of counters. */
    private static final class Stripe {
        volatile Thread owner;
        final long[] cells = new long[LENGTH];
    }

    /** One counter: {@code LongAdder}'s operations that the server uses. */
    final class Counter {
        private final int which;

        private Counter(int which) {
            this.which = which;
        }

        void increment() {
            add(1L);
        }

        void add(long n) {
            Stripe s = stripes.rep();
            Thread me = Thread.currentThread();
            if (s.owner == me) {
                long[] c = s.cells;
                CELL.setOpaque(c, OWNED + which, c[OWNED + which] + n);
            } else {
                addOther(s, me, n);
            }
        }

        private void addOther(Stripe s, Thread me, long n) {
            Thread owner = s.owner;
            if (owner == null || !owner.isAlive()) {
                synchronized (s) { // a dead owner's writes happen-before isAlive() answering false
                    if (s.owner == owner) {
                        s.owner = me;
                        long[] c = s.cells;
                        CELL.setOpaque(c, OWNED + which, c[OWNED + which] + n);
                        return;
                    }
                }
            }
            CELL.getAndAdd(s.cells, SHARED + which, n);
        }

        long sum() {
            return raw() - (long) CELL.getOpaque(resetBase, which);
        }

        private long raw() {
            return stripes.sum(s -> (long) CELL.getOpaque(s.cells, OWNED + which)
                    + (long) CELL.getOpaque(s.cells, SHARED + which));
        }

        /** Back to zero; adds running meanwhile may or may not survive, as with {@code LongAdder.reset}. */
        void reset() {
            synchronized (resetBase) {
                CELL.setOpaque(resetBase, which, raw());
            }
        }
    }
}
