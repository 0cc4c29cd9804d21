package org.mlos.mem.store.slab;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * An item as it lies in its chunk: a 40-byte header, the key, the value. Nothing of an item is on
 * the Java heap (its index slot is off-heap too). memcached's item header is 48 bytes.
 *
 * <pre>
 *  0 stamp      long   the item's CAS unique; 0 while the chunk is free or being written
 *  8 expiresAt  long   epoch ms, or KeyValueStore.NEVER
 * 16 storedAt   long   epoch ms
 * 24 flags      int
 * 28 valueLen   int
 * 32 hash       int    the index's hash of the key (eviction finds the index slot by it)
 * 36 keyLen     short  bytes of the key as stored
 * 38 wide       byte   1: the key is stored as UTF-16 chars (a char above U+00FF), else ISO-8859-1
 * 39            byte   unused (a read's mark is in its page's bitmap: a reader never writes a chunk)
 * 40 key, then value
 * </pre>
 *
 * The stamp is the item's version: a writer fills a chunk whose stamp is 0 and then publishes the
 * stamp with release semantics; freeing writes 0 first. A lock-free reader takes the stamp
 * (acquire), reads, and takes it again: the same non-zero stamp both times means nothing it read
 * was reused meanwhile (CAS uniques are never given twice, so a reused chunk has another stamp).
 *
 * <p>A live chunk is claimed by swapping its stamp for {@link #BUSY} ({@link #claim}): its key's
 * writer claims it to replace the item in place, an eviction, page move or flush to free it. A
 * claim excludes the others without a lock (the key's writer holds no class lock, the others do
 * not hold the key's stripe); whoever holds it either publishes a new stamp, puts the old one
 * back (nothing written), or frees the chunk. Readers wait out a claim ({@link #settled}): it
 * lasts as long as a copy of the item.
 */
final class Chunk {

    static final int HEADER = 40;
    static final int MAX_KEY_BYTES = 0xFFFF;
    static final int EXPIRES = 8;
    static final int STORED = 16;
    static final int FLAGS = 24;
    static final int VALUE_LEN = 28;
    static final int HASH = 32;
    static final int KEY_LEN = 36;
    static final int WIDE = 38;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    // an item's image copied to the heap, in the memory's (native) byte order
    private static final VarHandle IMAGE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle IMAGE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle IMAGE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());

    private Chunk() {
    }

    /** The stamp of a chunk claimed by a writer, an eviction, a page move or a flush; never a CAS unique. */
    static final long BUSY = -1L;
    /** Spins on a claim before a waiter yields its core to the claimer (it may be descheduled). */
    private static final int SPINS = 100;

    static long stamp(MemorySegment m, long off) {
        return (long) LONG.getAcquire(m, off);
    }

    /** Swaps the live stamp {@code stamp} for {@link #BUSY}; false if the chunk's stamp is another now. */
    static boolean claim(MemorySegment m, long off, long stamp) {
        if (!LONG.compareAndSet(m, off, stamp, BUSY)) {
            return false;
        }
        VarHandle.storeStoreFence(); // a reader sees BUSY before any byte the claimer writes
        return true;
    }

    /** The chunk's stamp once no one holds a claim on it: a CAS unique, or 0 if free. */
    static long settled(MemorySegment m, long off) {
        for (int spins = 0;; spins++) {
            long s = stamp(m, off);
            if (s != BUSY) {
                return s;
            }
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /**
     * Claims the chunk's item, waiting out another's claim: the item's stamp (to publish again
     * if the chunk is not freed after all), or 0 if the chunk is free.
     */
    static long claimLive(MemorySegment m, long off) {
        while (true) {
            long s = settled(m, off);
            if (s == 0 || claim(m, off, s)) {
                return s;
            }
        }
    }

    /** Publishes a filled chunk: everything written before is visible to a reader that sees the stamp. */
    static void publish(MemorySegment m, long off, long stamp) {
        LONG.setRelease(m, off, stamp);
    }

    /** Marks the chunk free, before anything else of it may be reused. */
    static void clear(MemorySegment m, long off) {
        LONG.setVolatile(m, off, 0L);
        VarHandle.storeStoreFence(); // a reader sees the 0 before any byte of what reuses the chunk
    }

    static long expiresAt(MemorySegment m, long off) {
        return m.get(ValueLayout.JAVA_LONG, off + EXPIRES);
    }

    static void expiresAt(MemorySegment m, long off, long expiresAt) {
        LONG.setVolatile(m, off + EXPIRES, expiresAt);
    }

    static long storedAt(MemorySegment m, long off) {
        return m.get(ValueLayout.JAVA_LONG, off + STORED);
    }

    static int flags(MemorySegment m, long off) {
        return m.get(ValueLayout.JAVA_INT, off + FLAGS);
    }

    static int valueLength(MemorySegment m, long off) {
        return m.get(ValueLayout.JAVA_INT, off + VALUE_LEN);
    }

    static int hash(MemorySegment m, long off) {
        return m.get(ValueLayout.JAVA_INT, off + HASH);
    }

    static int keyLength(MemorySegment m, long off) {
        return Short.toUnsignedInt(m.get(ValueLayout.JAVA_SHORT, off + KEY_LEN));
    }

    static boolean wide(MemorySegment m, long off) {
        return m.get(ValueLayout.JAVA_BYTE, off + WIDE) != 0;
    }

    // ---- an item's image, copied whole to the heap (see ItemCopy) ----

    static long expiresAt(byte[] image) {
        return (long) IMAGE_LONG.get(image, (int) EXPIRES);
    }

    static long storedAt(byte[] image) {
        return (long) IMAGE_LONG.get(image, (int) STORED);
    }

    static int flags(byte[] image) {
        return (int) IMAGE_INT.get(image, (int) FLAGS);
    }

    static int valueLength(byte[] image) {
        return (int) IMAGE_INT.get(image, (int) VALUE_LEN);
    }

    static int keyLength(byte[] image) {
        return Short.toUnsignedInt((short) IMAGE_SHORT.get(image, (int) KEY_LEN));
    }

    static boolean wide(byte[] image) {
        return image[(int) WIDE] != 0;
    }

    /** Bytes an item takes in its chunk. */
    static long size(int keyBytes, int valueLength) {
        return (long) HEADER + keyBytes + valueLength;
    }
}
