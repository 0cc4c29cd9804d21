package org.mlos.mem.store.heap;

/**
 * A heap store segment: its index ({@link ItemTable}), its share of the budget and its items in CLOCK order, oldest
 * stored at the head (where eviction looks). The index is read without a lock; it is changed, and
 * every other field read or changed, only under the segment's own monitor. One index a segment
 * rather than one for the store: no table grows into G1's humongous regions (a 1 MB table took
 * two 1 MB regions in a small heap).
 */
final class Segment extends SegmentFields {

    /**
     * A cache line of padding after the fields (a subclass's fields follow its superclass's): every
     * set writes this object (its lock word, its byte count), and without the padding whatever the
     * allocator or the GC put next to it (another segment, an index readers read on every get) moved
     * between cores with it.
     */
    long p0, p1, p2, p3, p4, p5, p6, p7;

    Segment(long budget, int number) {
        super(budget, number);
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
