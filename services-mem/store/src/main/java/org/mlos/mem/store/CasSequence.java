package org.mlos.mem.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A store's CAS uniques: one counter, on a cache line of its own. Every set increments it, so its
 * line moves between the cores that set; an {@code AtomicLong} (24 bytes) shared that line with
 * whatever the allocator or the GC put beside it, and a neighbour that every get reads (the
 * store object, its counters) then missed on each get that followed a set on another core.
 * HotSpot lays fields of one size out in the order declared: seven longs before the value and
 * seven after keep any other object off its line.
 */
final class CasSequence {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(CasSequence.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    long p1, p2, p3, p4, p5, p6, p7;
    private volatile long value;
    long q1, q2, q3, q4, q5, q6, q7;

    /** The next unique: one more than every unique given or raised to before. */
    long next() {
        return (long) VALUE.getAndAdd(this, 1L) + 1;
    }

    /** The newest unique given. */
    long last() {
        return value;
    }

    /** Raises the counter to at least {@code unique} (an imported item's), so later uniques lie above it. */
    void raiseTo(long unique) {
        long v;
        while ((v = value) < unique && !VALUE.compareAndSet(this, v, unique)) {
            Thread.onSpinWait();
        }
    }
}
