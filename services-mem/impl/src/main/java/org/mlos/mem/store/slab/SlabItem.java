package org.mlos.mem.store.slab;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The on-heap part of a slab item: its key, metadata and where its value lives off-heap. The
 * LRU links are guarded by the item's class lock.
 */
final class SlabItem {

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
    private final AtomicBoolean freed = new AtomicBoolean();

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
        return freed.compareAndSet(false, true);
    }

    boolean isFreed() {
        return freed.get();
    }

    long bytes() {
        return (long) key.length() + valueLength + org.mlos.mem.api.StoreEntry.OVERHEAD;
    }
}
