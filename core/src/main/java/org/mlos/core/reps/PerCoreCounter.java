package org.mlos.core.reps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter with a representative per core: {@code LongAdder}'s operations, cheaper when each
 * core's thread keeps to its stripe. A stripe's first thread owns its cell and adds without an
 * atomic instruction (a plain read and an ordered store: it is the only writer of that field);
 * any other thread of the stripe adds atomically to a second field beside it. {@link #sum()} is
 * as weakly consistent as {@code LongAdder.sum()}: exact once the adders are quiet.
 */
public final class PerCoreCounter {

    private final PerCore<Cell> cells;
    /** What {@link #reset()} subtracts: owners are the only writers of their cells, so a reset cannot zero them. */
    private volatile long resetBase;

    public PerCoreCounter() {
        this(PerCore.defaultSlots());
    }

    /** With a given number of stripes (a power of two, 1 to 1024). */
    public PerCoreCounter(int slots) {
        cells = PerCore.of(slots, i -> new Cell());
    }

    public void increment() {
        add(1L);
    }

    public void add(long n) {
        Cell c = cells.rep();
        Thread me = Thread.currentThread();
        Thread owner = c.owner;
        if (owner == me) {
            Cell.OWNED.setOpaque(c, c.owned + n);
        } else if ((owner == null || !owner.isAlive()) && Cell.OWNER.compareAndSet(c, owner, me)) {
            // Unowned, or its owner died (whose writes happen-before isAlive() answering false).
            Cell.OWNED.setOpaque(c, c.owned + n);
        } else {
            Cell.SHARED.getAndAdd(c, n);
        }
    }

    /** The count: exact when no add runs concurrently. */
    public long sum() {
        return raw() - resetBase;
    }

    /** Back to zero; adds running meanwhile may or may not count, as with {@code LongAdder.reset()}. */
    public void reset() {
        resetBase = raw();
    }

    /** The count, then back to zero (as {@link #sum()} then {@link #reset()}). */
    public long sumThenReset() {
        long raw = raw();
        long s = raw - resetBase;
        resetBase = raw;
        return s;
    }

    /** Representatives made so far (stripes that were used). */
    public int representatives() {
        return cells.created();
    }

    private long raw() {
        return cells.sum(c -> (long) Cell.OWNED.getOpaque(c) + (long) Cell.SHARED.getOpaque(c));
    }

    @Override
    public String toString() {
        return Long.toString(sum());
    }

    /** Padding in front of a cell: superclass fields come first in an object, whatever the JVM's field order. */
    static class CellPadBefore {
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    /** A cell's fields: the owner, its single-writer count, and the count other threads add atomically. */
    static class CellFields extends CellPadBefore {
        volatile Thread owner;
        long owned;
        long shared;
    }

    /** One stripe's cell, padded on both sides to keep its neighbours' lines out of it. */
    static final class Cell extends CellFields {
        static final VarHandle OWNED;
        static final VarHandle SHARED;
        static final VarHandle OWNER;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                OWNED = l.findVarHandle(CellFields.class, "owned", long.class);
                SHARED = l.findVarHandle(CellFields.class, "shared", long.class);
                OWNER = l.findVarHandle(CellFields.class, "owner", Thread.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long p10, p11, p12, p13, p14, p15, p16, p17;
    }
}
