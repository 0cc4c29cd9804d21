package org.mlos.mem.store.heap;

/**
 * The fields of a {@link HeapItem} that a get reads, declared in a class of their own so that
 * HotSpot lays them out first (a superclass's fields precede a subclass's): in the item's first 56
 * bytes, where one cache line, two at most, holds them. Laid out by size within the one class, they
 * spread over 72 bytes and a get touched two lines of every item, a second likely miss; the fields
 * only writers touch (store time, cost, CLOCK links) come after them now.
 */
abstract class HeapItemHead {

    /** {@link ItemTable#hash} of the key. */
    final int hash;
    /** The key, the one string the store keeps for it. */
    final String key;
    /** The next item of its chain in the segment's {@link ItemTable}; read without a lock, written under it. */
    HeapItem chain;
    /** Even when the fields below are whole; odd while a writer changes them: the item's write lock ({@link HeapItem#lockIfCost}). */
    volatile int version;
    byte[] value;
    int flags;
    long expiresAt;
    long cas;
    /** Set by a read (racy on purpose: a lost update costs one second chance); cleared by eviction. */
    boolean referenced;

    HeapItemHead(String key) {
        this.key = key;
        this.hash = ItemTable.hash(key);
    }
}
