package org.mlos.mem.store.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.mlos.mem.store.ItemCost;

/**
 * Where an item's record sits in the log ({@link LogRecord}: its metadata and value), its flags,
 * and whether it was freed. Five 4-byte fields and a header: 32 bytes, the smallest object that
 * can find a record and tell a reader whether what it copied is still the item's.
 */
final class LogItem {

    /** This object: 12-byte header, two references, three ints. */
    static final int OBJECT = 32;
    /** Its entry in its segment's list: a key reference and an offset, 8 bytes, up to 12 as the lists grow by half and never shrink. */
    static final int LIST_SLOT = 12;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(LogItem.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String key;
    final LogSegment segment;
    /** Where its record starts in the segment. */
    final int offset;
    final int flags;
    /** The value's length while live; {@code ~length} (negative) once freed: one field for both saves 8 bytes an item. */
    @SuppressWarnings("unused")
    private volatile int state;

    LogItem(String key, LogSegment segment, int offset, int length, int flags) {
        this.key = key;
        this.segment = segment;
        this.offset = offset;
        this.flags = flags;
        this.state = length;
    }

    /** The value's length, freed or not. */
    int length() {
        int s = (int) STATE.getOpaque(this);
        return s >= 0 ? s : ~s;
    }

    /** The value's length if the item is live, else -1: one read for both, for readers that validate after. */
    int liveLength() {
        int s = (int) STATE.getVolatile(this);
        return s >= 0 ? s : -1;
    }

    /** Frees the item; false if it was freed already (someone else accounts for it). */
    boolean markFreed() {
        while (true) {
            int s = (int) STATE.getVolatile(this);
            if (s < 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, ~s)) {
                return true;
            }
        }
    }

    boolean isFreed() {
        return (int) STATE.getVolatile(this) < 0;
    }

    /** Off-heap bytes of its record. */
    int recordBytes() {
        return LogRecord.size(length());
    }

    /**
     * What a key's item keeps on the heap: this object, its index node and table slot, its entry
     * in the segment's list, the key. A replaced or deleted item leaves only its list entry behind
     * until its segment is reclaimed.
     */
    static long heapBytes(String key) {
        return OBJECT + ItemCost.HASH_NODE + ItemCost.TABLE_SLOT + LIST_SLOT + ItemCost.key(key);
    }

    long heapBytes() {
        return heapBytes(key);
    }

    /** The whole item: its record in the log and what it keeps on the heap. */
    long bytes() {
        return recordBytes() + heapBytes();
    }
}
