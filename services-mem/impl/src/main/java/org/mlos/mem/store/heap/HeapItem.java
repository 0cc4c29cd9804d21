package org.mlos.mem.store.heap;

import org.mlos.mem.api.StoreEntry;

/**
 * A heap store's item: the entry's fields, its place in its segment's CLOCK order (links guarded
 * by the segment's lock) and the bit a read sets. The fields are kept here rather than a
 * {@link StoreEntry} beside them: one object an item instead of two.
 */
final class HeapItem {

    /** This object: header, key, value, two links and flags (4 each), three longs, the bit, padded. */
    static final int OBJECT = 64;

    final String key;
    final byte[] value;
    final int flags;
    final long expiresAt;
    final long cas;
    final long storedAt;
    /** Set by a read (racy on purpose: a lost update costs one second chance); cleared by eviction. */
    boolean referenced;
    HeapItem prev;
    HeapItem next;

    HeapItem(StoreEntry e) {
        this.key = e.key();
        this.value = e.value();
        this.flags = e.flags();
        this.expiresAt = e.expiresAt();
        this.cas = e.cas();
        this.storedAt = e.storedAt();
    }

    /** Its whole cost, counted against the segment's budget while it is linked. */
    long cost() {
        return HeapStore.cost(key, value);
    }

    /** A view of the item; its value array is the stored one (the store copies it out). */
    StoreEntry entry() {
        return new StoreEntry(key, value, flags, expiresAt, cas, storedAt);
    }
}
