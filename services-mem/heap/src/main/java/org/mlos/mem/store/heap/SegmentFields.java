package org.mlos.mem.store.heap;

/** A segment's fields, declared apart so that {@link Segment}'s padding lies after them. */
abstract class SegmentFields {

    final ItemTable index = new ItemTable();
    /** Its place in the store's segments. */
    final int number;
    /** Its share of the store's budget; changed under the monitor by a resize, read without it by stats. */
    volatile long budget;
    long bytes;
    HeapItem head;
    HeapItem tail;

    SegmentFields(long budget, int number) {
        this.budget = budget;
        this.number = number;
    }
}
