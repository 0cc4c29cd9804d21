package org.mlos.mem.store.slab;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * An item's header and key as a writer lays them out ({@link Chunk}), built on the heap in a
 * buffer of the writing thread and then copied into the chunk in one piece, the value in a
 * second: two checked copies instead of a checked store per byte. Also confirms, for the
 * writer's index probe, that a chunk holds the same key (one bulk compare), and rewrites that
 * chunk in place when the item keeps its class ({@link #replaceInPlace}).
 */
final class ItemImage implements SlabIndex.ChunkKeys {

    private static final ThreadLocal<ItemImage> LOCAL = ThreadLocal.withInitial(ItemImage::new);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());
    private static final VarHandle CHAR = MethodHandles.byteArrayViewVarHandle(char[].class, ByteOrder.nativeOrder());

    private byte[] bytes = new byte[Chunk.HEADER + 256];
    private MemorySegment segment = MemorySegment.ofArray(bytes);
    /** Header and key. */
    private int length;
    private int keyBytes;
    private SlabPages pages;
    /** The chunk {@link #holds} last found holding the key, and its stamp, page moves, class and memory then. */
    private int seenRef = -1;
    private long seenStamp;
    private int seenMoves;
    private SlabClass seenClass;
    private MemorySegment seenMemory;

    /** The writing thread's image, laid out for this item (the stamp left 0). */
    static ItemImage of(String key, boolean wide, int keyBytes, int hash, int valueLength, int flags, long expiresAt,
            long storedAt) {
        return LOCAL.get().lay(key, wide, keyBytes, hash, valueLength, flags, expiresAt, storedAt);
    }

    private ItemImage lay(String key, boolean wide, int keyBytes, int hash, int valueLength, int flags, long expiresAt,
            long storedAt) {
        int n = Chunk.HEADER + keyBytes;
        if (bytes.length < n) {
            bytes = new byte[n];
            segment = MemorySegment.ofArray(bytes);
        }
        byte[] b = bytes;
        LONG.set(b, 0, 0L);
        LONG.set(b, Chunk.EXPIRES, expiresAt);
        LONG.set(b, Chunk.STORED, storedAt);
        INT.set(b, Chunk.FLAGS, flags);
        INT.set(b, Chunk.VALUE_LEN, valueLength);
        INT.set(b, Chunk.HASH, hash);
        SHORT.set(b, Chunk.KEY_LEN, (short) keyBytes);
        b[Chunk.WIDE] = wide ? (byte) 1 : 0;
        b[Chunk.WIDE + 1] = 0;
        int at = Chunk.HEADER;
        if (wide) {
            for (int i = 0, k = key.length(); i < k; i++) {
                CHAR.set(b, at + 2 * i, key.charAt(i));
            }
        } else {
            latin1(key, b, at);
        }
        length = n;
        this.keyBytes = keyBytes;
        return this;
    }

    /**
     * A key of chars up to U+00FF, one byte each: String's own copy, an array copy of its bytes,
     * where a loop of {@code charAt} checked each index and the string's coder a char at a time.
     * Deprecated because it drops a char's high byte, which a key without a wide char has none of.
     */
    @SuppressWarnings("deprecation")
    private static void latin1(String key, byte[] b, int at) {
        key.getBytes(0, key.length(), b, at);
    }

    /** Fills a chunk whose stamp is 0, all but the stamp; {@link Chunk#publish} makes it visible. */
    void writeTo(MemorySegment m, long off, byte[] value) {
        MemorySegment.copy(segment, 8, m, off + 8, length - 8);
        MemorySegment.copy(value, 0, m, ValueLayout.JAVA_BYTE, off + length, value.length);
    }

    /** Prepares the image to confirm index candidates against its key ({@link #holds}). */
    ItemImage probing(SlabPages pages) {
        if (this.pages != pages) {
            this.pages = pages;
        }
        seenRef = -1; // what was seen is valid only while seenRef names a chunk
        return this;
    }

    /**
     * Whether the chunk holds this image's key. Called by a writer, under the key's stripe lock.
     * Notes what it saw of a chunk that holds the key ({@link #seenRef} and after), read before
     * the key was compared, so that a replace in place claims by that stamp without a second look.
     */
    @Override
    public boolean holds(int ref, String key) {
        int moves = pages.moves(SlabClass.page(ref));
        SlabClass c = pages.carving(ref);
        MemorySegment m = pages.memory(SlabClass.page(ref));
        if (c == null || m == null) {
            return false;
        }
        long off = c.offset(SlabClass.slot(ref));
        long stamp = Chunk.stamp(m, off);
        if (stamp == 0 || !holdsAt(m, off, c.chunkSize)) {
            return false;
        }
        seenRef = ref;
        seenStamp = stamp;
        seenMoves = moves;
        // stored only when they change: a thread's image is old, and a reference stored there costs
        // a fence in G1's write barrier (it may keep a class and a closed page of a store given back
        // until the thread's next set: two small objects, no off-heap memory)
        if (seenClass != c) {
            seenClass = c;
        }
        if (seenMemory != m) {
            seenMemory = m;
        }
        return true;
    }

    /** Whether the chunk at {@code off}, of {@code chunkSize} bytes, holds this image's key. Unvalidated. */
    boolean holdsAt(MemorySegment m, long off, int chunkSize) {
        if (Chunk.keyLength(m, off) != keyBytes || Chunk.HEADER + keyBytes > chunkSize) {
            return false;
        }
        // the wide byte, the spare byte (always written 0) and the key, in one compare
        return MemorySegment.mismatch(m, off + Chunk.WIDE, off + Chunk.HEADER + keyBytes, segment, Chunk.WIDE,
                length) == -1;
    }

    /**
     * Writes the item over the key's chunk {@code old} if that chunk is of class {@code c}, claimed
     * so that no eviction, page move or flush frees it meanwhile; readers that overlap the write
     * see the stamp change and read again. False (nothing written) if the chunk is of another
     * class or was claimed, freed or reused since the index named it.
     */
    boolean replaceInPlace(SlabRoom r, SlabClass c, int old, byte[] value, long cas) {
        // the index's probe confirmed the key in the chunk after reading its stamp (holds)
        long stamp = seenStamp;
        if (seenRef != old || seenClass != c || stamp == Chunk.BUSY) {
            return false; // of another class (or, if claimed, the slow path sorts it out under the class lock)
        }
        VarHandle.loadLoadFence();
        if (r.pages.moves(SlabClass.page(old)) != seenMoves) {
            return false; // carved anew: what was read at the offset may lie inside another item
        }
        MemorySegment m = seenMemory;
        long off = c.offset(SlabClass.slot(old));
        // The key was checked after the stamp was read and the claim confirms the stamp: a chunk
        // freed or reused since has another stamp now (uniques are never given twice), and a page
        // moves only after each of its items is claimed and freed, so a claim never lands on
        // another key's item, and nobody else needs to wait one out under a lock
        if (!Chunk.claim(m, off, stamp)) {
            return false;
        }
        writeTo(m, off, value);
        Chunk.publish(m, off, cas);
        return true;
    }
}
