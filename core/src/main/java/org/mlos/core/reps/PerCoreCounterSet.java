package org.mlos.core.reps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Up to {@value #MAX_COUNTERS} counters kept together, a block of them per core: a service's
 * statistics (hits, misses, bytes…), where one call bumps several. A block's first thread owns it
 * and adds with a plain read and an ordered store, no atomic instruction; other threads of its
 * stripe add atomically to a second block beside it; a dead owner's block is taken over, its
 * counts kept. Sums are as weakly consistent as {@code LongAdder.sum()}: exact once adders are quiet.
 */
public final class PerCoreCounterSet {

    /** Counters in a set, at most. */
    public static final int MAX_COUNTERS = 32;
    /** Longs of padding around each block (a cache line), so neighbours on the heap share no line with it. */
    private static final int PAD = 8;
    private static final int OWNED = PAD;
    private static final int SHARED = OWNED + MAX_COUNTERS + PAD;
    private static final int LENGTH = SHARED + MAX_COUNTERS + PAD;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    private final PerCore<Block> blocks;
    private final int counters;
    /** What {@link #reset} subtracts, per counter: owners are their blocks' only writers, so a reset cannot zero them. */
    private final long[] resetBase;

    /** {@code counters} counters, a block per core ({@link PerCore#defaultSlots()} stripes). */
    public PerCoreCounterSet(int counters) {
        this(counters, PerCore.defaultSlots());
    }

    /** With a given number of stripes (a power of two, 1 to 1024); 1 shares one block among every thread. */
    public PerCoreCounterSet(int counters, int slots) {
        if (counters < 1 || counters > MAX_COUNTERS) {
            throw new IllegalArgumentException("a per-core counter set holds 1 to " + MAX_COUNTERS + " counters, not "
                    + counters + "; use several sets for more");
        }
        this.counters = counters;
        this.resetBase = new long[counters];
        this.blocks = PerCore.of(slots, i -> new Block());
    }

    /** Adds to counter {@code which} (0 to counters - 1; not checked here, the hot path). */
    public void add(int which, long n) {
        Block b = blocks.rep();
        Thread me = Thread.currentThread();
        if (b.owner == me) {
            long[] c = b.cells;
            CELL.setOpaque(c, OWNED + which, c[OWNED + which] + n);
        } else {
            addOther(b, me, which, n);
        }
    }

    private static void addOther(Block b, Thread me, int which, long n) {
        Thread owner = b.owner;
        if ((owner == null || !owner.isAlive()) && Block.OWNER.compareAndSet(b, owner, me)) {
            // Unowned, or its owner died (whose writes happen-before isAlive() answering false).
            long[] c = b.cells;
            CELL.setOpaque(c, OWNED + which, c[OWNED + which] + n);
            return;
        }
        CELL.getAndAdd(b.cells, SHARED + which, n);
    }

    /** Counter {@code which}'s total; adds running meanwhile may or may not be in it. */
    public long sum(int which) {
        return raw(check(which)) - (long) CELL.getOpaque(resetBase, which);
    }

    /** Counter {@code which} back to zero; adds running meanwhile may or may not survive, as with {@code LongAdder.reset}. */
    public void reset(int which) {
        CELL.setOpaque(resetBase, check(which), raw(which));
    }

    /** Counters in this set. */
    public int counters() {
        return counters;
    }

    /** Blocks made so far (stripes that were used). */
    public int representatives() {
        return blocks.created();
    }

    private int check(int which) {
        if (which < 0 || which >= counters) {
            throw new IndexOutOfBoundsException("counter " + which + " of a set of " + counters);
        }
        return which;
    }

    private long raw(int which) {
        return blocks.sum(b -> (long) CELL.getOpaque(b.cells, OWNED + which) + (long) CELL.getOpaque(b.cells, SHARED + which));
    }

    /** One core's block of counters. */
    static final class Block {
        static final VarHandle OWNER;

        static {
            try {
                OWNER = MethodHandles.lookup().findVarHandle(Block.class, "owner", Thread.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        volatile Thread owner;
        final long[] cells = new long[LENGTH];
    }
}
