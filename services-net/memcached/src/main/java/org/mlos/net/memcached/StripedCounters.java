package org.mlos.net.memcached;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The server's counters, striped by thread, each thread's stripe on cache lines of its own. One
 * {@code LongAdder} a counter put the adders side by side on the heap, where a counter two event
 * loops bumped now and then without colliding (so it never grew cells) moved its line between
 * cores and the reads of its neighbours missed with it: 15% of a node's time under meta load.
 * (The same remedy as services-mem's store counters; the two bundles share no private package.)
 */
final class StripedCounters {

    /** Longs in a stripe (256 bytes): room for the server's counters, and at least two cache lines. */
    static final int STRIDE = 32;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] cells;
    private final int mask;
    private int allocated;

    StripedCounters() {
        int stripes = Integer.highestOneBit(Math.max(8, Math.min(64, Runtime.getRuntime().availableProcessors() * 4)));
        mask = stripes - 1;
        cells = new long[(stripes + 1) * STRIDE]; // a stripe of padding in front: the array header shares no line
    }

    /** A new counter of this set; at most {@value #STRIDE}. Not thread-safe: counters are made at construction. */
    Counter counter() {
        if (allocated == STRIDE) {
            throw new IllegalStateException("a striped counter set holds " + STRIDE + " counters; make another set");
        }
        return new Counter(allocated++);
    }

    private int base() {
        // identity hash, not threadId(): this bundle compiles for Java 17
        int h = System.identityHashCode(Thread.currentThread()) * 0x9E3779B9;
        return (((h >>> 16) & mask) + 1) * STRIDE;
    }

    /** One counter: {@code LongAdder}'s operations that the server uses. */
    final class Counter {
        private final int which;

        private Counter(int which) {
            this.which = which;
        }

        void increment() {
            CELL.getAndAdd(cells, base() + which, 1L);
        }

        void add(long n) {
            CELL.getAndAdd(cells, base() + which, n);
        }

        long sum() {
            long s = 0;
            for (int i = STRIDE + which; i < cells.length; i += STRIDE) {
                s += (long) CELL.getOpaque(cells, i);
            }
            return s;
        }

        /** Back to zero; adds running meanwhile may or may not survive, as with {@code LongAdder.reset}. */
        void reset() {
            for (int i = STRIDE + which; i < cells.length; i += STRIDE) {
                CELL.setOpaque(cells, i, 0L);
            }
        }
    }
}
