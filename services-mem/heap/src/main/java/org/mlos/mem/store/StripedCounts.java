package org.mlos.mem.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A set of counters striped by thread, each thread's stripe on cache lines of its own. One
 * {@code LongAdder} per counter put the adders' fields side by side on the heap: a counter that
 * two threads bumped now and then without colliding (so it never grew cells) moved its line
 * between cores, and the reads of its neighbours missed with it; the counters took 30% of a get.
 * Here a thread adds to its own stripe, which no other thread writes unless two threads hash to
 * one stripe (then they share it, still correctly: the adds are atomic).
 */
public final class StripedCounts {

    /** Longs in a stripe (256 bytes): room for a store's counters, and at least two cache lines, so that adjacent-line prefetch does not pair stripes. */
    static final int STRIDE = 32;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] cells;
    private final int mask;
    private final int counters;

    /** {@code counters} counters (at most {@value #STRIDE}), striped for the machine's processors. */
    public StripedCounts(int counters) {
        if (counters < 1 || counters > STRIDE) {
            throw new IllegalArgumentException("1.." + STRIDE + " counters in a striped set, not " + counters);
        }
        int stripes = Integer.highestOneBit(Math.max(8, Math.min(64, Runtime.getRuntime().availableProcessors() * 4)));
        this.counters = counters;
        this.mask = stripes - 1;
        // a stripe's worth of padding in front too, so the array's header shares no line with stripe 0
        this.cells = new long[(stripes + 1) * STRIDE];
    }

    // getId, not threadId (Java 19): this bundle runs on Java 17; both give the same number
    @SuppressWarnings("deprecation")
    private int base() {
        long id = Thread.currentThread().getId();
        return (((int) (id * 0x9E3779B97F4A7C15L >>> 40) & mask) + 1) * STRIDE;
    }

    /** Adds to counter {@code which}. */
    public void add(int which, long n) {
        CELL.getAndAdd(cells, base() + which, n);
    }

    /** Counter {@code which}'s total; concurrent adds may or may not be in it. */
    public long sum(int which) {
        if (which < 0 || which >= counters) {
            throw new IndexOutOfBoundsException(which);
        }
        long s = 0;
        for (int i = STRIDE + which; i < cells.length; i += STRIDE) {
            s += (long) CELL.getOpaque(cells, i);
        }
        return s;
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
