package org.mlos.mem.store.slab;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.mlos.mem.store.ItemCost;

/**
 * The on-heap part of a slab item: its key, metadata and where its value lives off-heap. The
 * LRU links are guarded by the item's class lock.
 */
final class SlabItem {

    /** This object: header, four ints, three longs, six references, two booleans, padded. */
    static final int OBJECT = 80;
    private static final VarHandle FREED;

    static {
        try {
            FREED = MethodHandles.lookup().findVarHandle(SlabItem.class, "freed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String key;
    final SlabClass cls;
    final MemorySegment page;
    final int pageIndex;
    final int slot;
    final int valueLength;
    final int flags;
    final long cas;
    final long storedAt;
    volatile long expiresAt;
    /** Set by a read; cleared by the eviction scan (second chance). */
    volatile boolean referenced;
    /** A field rather than an AtomicBoolean: 16 bytes less an item. */
    @SuppressWarnings("unused")
    private volatile boolean freed;

    SlabItem prev;
    SlabItem next;

    SlabItem(String key, SlabClass cls, MemorySegment page, int pageIndex, int slot, int valueLength, int flags,
            long expiresAt, long cas, long storedAt) {
        this.key = key;
        this.cls = cls;
        this.page = page;
        this.pageIndex = pageIndex;
        this.slot = slot;
        this.valueLength = valueLength;
        this.flags = flags;
        this.expiresAt = expiresAt;
        this.cas = cas;
        this.storedAt = storedAt;
    }

    long offset() {
        return (long) slot * cls.chunkSize;
    }

    /** Marks the item freed, once: its chunk may be reused from now on. */
    boolean markFreed() {
        return FREED.compareAndSet(this, false, true);
    }

    boolean isFreed() {
        return (boolean) FREED.getVolatile(this);
    }

    /** What a key's item keeps on the heap: this object, its index node and table slot, the key. */
    static long heapBytes(String key) {
        return OBJECT + ItemCost.HASH_NODE + ItemCost.TABLE_SLOT + ItemCost.key(key);
    }

    long heapBytes() {
        return heapBytes(key);
    }

    /** The whole item: its chunk (value and the class's slack) and what it keeps on the heap. */
    long bytes() {
        return cls.chunkSize + heapBytes();
    }
}
