package org.mlos.mem.store.heap;

/**
 * A heap store segment: its index ({@link ItemTable}), its share of the budget and its items in CLOCK order, oldest
 * stored at the head (where eviction looks). The index is read without a lock; it is changed, and
 * every other field read or changed, only under the segment's own monitor. One index a segment
 * rather than one for the store: no table grows into G1's humongous regions (a 1 MB table took
 * two 1 MB regions in a small heap).
 */
final class Segment {

    final ItemTable index = new ItemTable();
    /** Its share of the store's budget; changed under the monitor by a resize, read without it by stats. */
    volatile long budget;
    long bytes;
    HeapItem head;
    HeapItem tail;

    Segment(long budget) {
        this.budget = budget;
    }

    void append(HeapItem it) {
        it.prev = tail;
        it.next = null;
        if (tail == null) {
            head = it;
        } else {
            tail.next = it;
        }
        tail = it;
    }

    void unlink(HeapItem it) {
        if (it.prev == null) {
            head = it.next;
        } else {
            it.prev.next = it.next;
        }
        if (it.next == null) {
            tail = it.prev;
        } else {
            it.next.prev = it.prev;
        }
        it.prev = null;
        it.next = null;
    }
}
