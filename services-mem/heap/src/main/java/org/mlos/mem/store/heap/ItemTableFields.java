package org.mlos.mem.store.heap;

/** An {@link ItemTable}'s fields, declared apart so that padding lies before and after them. */
abstract class ItemTableFields extends ItemTableLead {

    volatile HeapItem[] table;
    /** Odd while a writer relinks the items into a new table. */
    volatile int resizes;
    /** Items held; written under the segment's lock, read without it by {@link ItemTable#size}. */
    int count;
}
