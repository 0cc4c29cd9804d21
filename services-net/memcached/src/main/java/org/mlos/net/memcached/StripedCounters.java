package org.mlos.net.memcached;

import org.mlos.core.reps.PerCore;
import org.mlos.core.reps.PerCoreCounterSet;

/**
 * The server's counters, a block of them per core ({@link PerCoreCounterSet}: each Vert.x event
 * loop owns its block and adds without an atomic instruction). Before: one {@code LongAdder} a
 * counter put the adders side by side on the heap, where a counter two event loops bumped now and
 * then moved its line between cores (15% of a node's time under meta load); then stripes by
 * identity hash with an atomic add each.
 *
 * <p>{@link #shareOneRepresentative()} is the shared layout the bench compares with: every thread
 * on one block, the owner's adds and everyone else's atomics on the same lines.
 */
final class StripedCounters {

    /** Counters in a set: room for the server's counters. */
    static final int STRIDE = PerCoreCounterSet.MAX_COUNTERS;

    private PerCoreCounterSet set;
    private int allocated;

    /**
     * Puts every thread on one block (the shared layout). Only before the first add: a set's
     * owner (its constructor) calls it, before the set is published.
     */
    void shareOneRepresentative() {
        if (set.representatives() > 0) {
            throw new IllegalStateException("the layout of a counter set is chosen before its first add");
        }
        set = new PerCoreCounterSet(STRIDE, 1);
    }

    /** With a given number of blocks (a power of two); for tests. */
    StripedCounters(int slots) {
        set = new PerCoreCounterSet(STRIDE, slots);
    }

    StripedCounters() {
        this(PerCore.defaultSlots());
    }

    /** A new counter of this set; at most {@value #STRIDE}. Not thread-safe: counters are made at construction. */
    Counter counter() {
        if (allocated == STRIDE) {
            throw new IllegalStateException("a striped counter set holds " + STRIDE + " counters; make another set");
        }
        return new Counter(allocated++);
    }

    /** Blocks made so far. */
    int representatives() {
        return set.representatives();
    }

    /** One counter: {@code LongAdder}'s operations that the server uses. */
    final class Counter {
        private final int which;

        private Counter(int which) {
            this.which = which;
        }

        void increment() {
            set.add(which, 1L);
        }

        void add(long n) {
            set.add(which, n);
        }

        long sum() {
            return set.sum(which);
        }

        /** Back to zero; adds running meanwhile may or may not survive, as with {@code LongAdder.reset}. */
        void reset() {
            set.reset(which);
        }
    }
}
