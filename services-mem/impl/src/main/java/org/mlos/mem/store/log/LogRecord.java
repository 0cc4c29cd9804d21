package org.mlos.mem.store.log;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * An item's record in a segment: a 24-byte header (expiry time, CAS unique, time stored) and then
 * the value, the whole padded to 8 bytes so that every header is aligned for atomic access. The
 * metadata sits beside the value rather than in the item's heap object: a read touches the value
 * anyway, so the header costs it nothing, and each item keeps 32 bytes less on the heap.
 */
final class LogRecord {

    /** Header bytes: expiresAt, cas, storedAt. */
    static final int HEADER = 24;
    private static final long EXPIRES_AT = 0;
    private static final long CAS = 8;
    private static final long STORED_AT = 16;
    /**
     * Touch updates an expiry in place while readers read it without a lock: opaque access, so a
     * reader sees the old or the new time whole (a plain long has no such promise), without the
     * fence a volatile write costs every append. Everything else in a record is written before
     * the item is published through the index, which orders it for readers.
     */
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private LogRecord() {
    }

    /** Bytes a record of a value of {@code length} bytes takes in its segment. */
    static int size(int length) {
        return (int) Math.min(Integer.MAX_VALUE & ~7, (HEADER + 7L + length) & ~7L); // no overflow near 2 GB
    }

    static void write(MemorySegment memory, int offset, byte[] value, long expiresAt, long cas, long storedAt) {
        LONG.setOpaque(memory, offset + EXPIRES_AT, expiresAt);
        memory.set(ValueLayout.JAVA_LONG, offset + CAS, cas);
        memory.set(ValueLayout.JAVA_LONG, offset + STORED_AT, storedAt);
        MemorySegment.copy(value, 0, memory, ValueLayout.JAVA_BYTE, offset + HEADER, value.length);
    }

    static long expiresAt(MemorySegment memory, int offset) {
        return (long) LONG.getOpaque(memory, offset + EXPIRES_AT);
    }

    static void expiresAt(MemorySegment memory, int offset, long expiresAt) {
        LONG.setOpaque(memory, offset + EXPIRES_AT, expiresAt);
    }

    static long cas(MemorySegment memory, int offset) {
        return memory.get(ValueLayout.JAVA_LONG, offset + CAS);
    }

    static long storedAt(MemorySegment memory, int offset) {
        return memory.get(ValueLayout.JAVA_LONG, offset + STORED_AT);
    }

    /** Copies a value out into {@code into[0, length)}. */
    static void value(MemorySegment memory, int offset, byte[] into, int length) {
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset + HEADER, into, 0, length);
    }
}
