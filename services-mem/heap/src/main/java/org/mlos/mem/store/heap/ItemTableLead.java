package org.mlos.mem.store.heap;

/**
 * A cache line of padding that HotSpot lays out before {@link ItemTableFields}' fields (a
 * superclass's fields come first): only the object header, which nothing writes, can share a
 * line with whatever lies before the table in memory.
 */
abstract class ItemTableLead {

    long p0, p1, p2, p3, p4, p5, p6, p7;
    /** Fills the gap after the header, where HotSpot would otherwise put a subclass's int field. */
    int p8;
}
