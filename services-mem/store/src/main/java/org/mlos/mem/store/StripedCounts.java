package org.mlos.mem.store;

import org.mlos.core.reps.PerCoreCounterSet;

/**
 * A set of counters, a block per core ({@link PerCoreCounterSet}): a thread owns its block and adds
 * without an atomic instruction. One {@code LongAdder} per counter put the adders' fields side by
 * side on the heap: a counter that two threads bumped now and then without colliding (so it never
 * grew cells) moved its line between cores, and the reads of its neighbours missed with it; the
 * counters took 30% of a get. Then stripes by a hash of the thread id, an atomic add each.
 */
public final class StripedCounts {

    /** Counters in a set, at most. */
    static final int STRIDE = PerCoreCounterSet.MAX_COUNTERS;

    private final PerCoreCounterSet set;

    /** {@code counters} counters (at most {@value #STRIDE}), a block per core. */
    public StripedCounts(int counters) {
        if (counters < 1 || counters > STRIDE) {
            throw new IllegalArgumentException("1.." + STRIDE + " counters in a striped set, not " + counters);
        }
        this.set = new PerCoreCounterSet(counters);
    }

    /** Over a set made elsewhere, which its maker may also add to directly (a hot path's one hop less). */
    StripedCounts(PerCoreCounterSet set) {
        this.set = set;
    }

    /** Adds to counter {@code which}. */
    public void add(int which, long n) {
        set.add(which, n);
    }

    /** Counter {@code which}'s total; concurrent adds may or may not be in it. */
    public long sum(int which) {
        return set.sum(which);
    }

    /** One counter of a set, as an object to increment. */
    public static final class Count {
        private final StripedCounts set;
        private final int which;

        public Count(StripedCounts set, int which) {
            this.set = set;
            this.which = which;
        }

        public void increment() {
            set.add(which, 1);
        }

        public void add(long n) {
            set.add(which, n);
        }

        public long sum() {
            return set.sum(which);
        }
    }
}
