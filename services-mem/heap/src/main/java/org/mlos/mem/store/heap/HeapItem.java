package org.mlos.mem.store.heap;

import org.mlos.mem.api.StoreEntry;

/**
 * A heap store's item: the entry it holds now, its place in its segment's CLOCK order (links
 * guarded by the segment's lock) and the bit a read sets. Replacing a key's value swaps the entry
 * in place: no index write, no relinking, and readers see the old entry or the new one whole.
 */
final class HeapItem {

    /** This object: header, the entry, two links and the cost (4 each), the bit, padded. */
    static final int OBJECT = 32;

    /** The item as stored now; its key is the index's key instance, so an item keeps one key string. */
    volatile StoreEntry entry;
    /** Set by a read (racy on purpose: a lost update costs one second chance); cleared by eviction. */
    boolean referenced;
    /** What the entry costs ({@link HeapStore#cost}), kept so that replacing it reads nothing of the old value. */
    int cost;
    HeapItem prev;
    HeapItem next;

    HeapItem(StoreEntry entry, int cost) {
        this.entry = entry;
        this.cost = cost;
    }
}
