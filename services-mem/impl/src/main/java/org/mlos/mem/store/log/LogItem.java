package org.mlos.mem.store.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.mlos.mem.store.ItemCost;

/** Where an item's value sits in the log, and its metadata. */
final class LogItem {

    /** This object: header, three ints, three longs, two references, a boolean, padded. */
    static final int OBJECT = 64;
    /** Its slot in its segment's item list: 4 bytes, up to 6 as the list grows by half and never shrinks. */
    static final int LIST_SLOT = 6;
    private static final VarHandle FREED;

    static {
        try {
            FREED = MethodHandles.lookup().findVarHandle(LogItem.class, "freed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String key;
    final LogSegment segment;
    final int offset;
    final int length;
    final int flags;
    final long cas;
    final long storedAt;
    volatile long expiresAt;
    /** A field rather than an AtomicBoolean: 16 bytes less an item. */
    @SuppressWarnings("unused")
    private volatile boolean freed;

    LogItem(String key, LogSegment segment, int offset, int length, int flags, long expiresAt, long cas, long storedAt) {
        this.key = key;
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        this.flags = flags;
        this.expiresAt = expiresAt;
        this.cas = cas;
        this.storedAt = storedAt;
    }

    boolean markFreed() {
        return FREED.compareAndSet(this, false, true);
    }

    boolean isFreed() {
        return (boolean) FREED.getVolatile(this);
    }

    /**
     * What a key's item keeps on the heap: this object, its index node and table slot, its slot
     * in the segment's list, the key. A replaced item keeps all but the index node until its
     * segment is reclaimed; counting the node too errs high by 40 bytes.
     */
    static long heapBytes(String key) {
        return OBJECT + ItemCost.HASH_NODE + ItemCost.TABLE_SLOT + LIST_SLOT + ItemCost.key(key);
    }

    long heapBytes() {
        return heapBytes(key);
    }

    /** The whole item: its value in the log and what it keeps on the heap. */
    long bytes() {
        return length + heapBytes();
    }
}
