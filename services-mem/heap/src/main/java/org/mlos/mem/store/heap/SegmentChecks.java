package org.mlos.mem.store.heap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A flag per segment, raised under the segment's lock while an operation reads a key's item to
 * write on what it read (add, cas, incr, append, touch, delete): a set that replaces a value of
 * the same size takes only the item's lock, and must not land between that read and that write.
 * The set reads the flag after it has locked the item, the operation raises it before it reads
 * the item; both are volatile, so one of the two sees the other (see {@link HeapStore#set}).
 *
 * <p>Each flag has a cache line to itself: every such set reads it, and only those operations
 * write it, so it stays in every core's cache while sets run, as the segment's lock word, which
 * every other write takes, would not.
 */
final class SegmentChecks {

    private static final VarHandle FLAG = MethodHandles.arrayElementVarHandle(int[].class);
    /** Ints a cache line. */
    private static final int STRIDE = 16;

    /** A line of padding before the first flag and after the last. */
    private final int[] flags;

    SegmentChecks(int segments) {
        flags = new int[(segments + 2) * STRIDE];
    }

    private static int at(int segment) {
        return (segment + 1) * STRIDE;
    }

    /** Raises the segment's flag; under the segment's lock (so never two at once). */
    void raise(int segment) {
        FLAG.setVolatile(flags, at(segment), 1);
    }

    /** Lowers it; under the segment's lock. */
    void lower(int segment) {
        FLAG.setVolatile(flags, at(segment), 0);
    }

    boolean raised(int segment) {
        return (int) FLAG.getVolatile(flags, at(segment)) != 0;
    }
}
