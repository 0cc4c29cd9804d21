package org.mlos.mem.store.slab;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * An item copied out of its chunk by a lock-free reader, validated: the chunk's stamp was the
 * same non-zero value before and after the copy, so neither a free nor a reuse of the chunk
 * overlapped it. A reading thread keeps one, with a scratch array for values up to
 * {@value #KEEP} bytes, so that a read allocates nothing.
 */
final class ItemCopy implements SlabIndex.ChunkKeys {

    /** The largest scratch array a thread keeps; larger values get an array of their own. */
    static final int KEEP = 64 << 10;
    private static final ThreadLocal<ItemCopy> LOCAL = ThreadLocal.withInitial(ItemCopy::new);

    private byte[] buffer = new byte[0];
    /** The key read, set by a read of any key ({@link #take} with none). */
    String key;
    /** The value is {@code value[valueOffset, valueOffset + length)}; a fresh array (offset 0) unless read into the scratch. */
    byte[] value;
    int valueOffset;
    int length;
    int flags;
    long expiresAt;
    long storedAt;
    long stamp;
    /** Set up by {@link #reading}: where {@link #holds} reads. */
    private SlabPages pages;
    private boolean scratch;
    /** Whether a chunk the index named changed or was freed under the copy: the read must look again. */
    boolean torn;
    /** Chars of the key being read ({@link #reading}); -1 for any key. */
    private int keyLength = -1;

    /** The reading thread's copy: its fields, and its scratch array, are valid until the thread's next read. */
    static ItemCopy local() {
        return LOCAL.get();
    }

    /**
     * Copies the item of chunk {@code ref} if it holds {@code key} (any key, read into
     * {@link #key}, if null): the value into the scratch array if {@code scratch} and it fits,
     * else into an array of its own. False if the chunk is free, holds another key, or changed
     * during the copy.
     *
     * @throws IllegalStateException if the page was given back during the copy (a resize)
     */
    boolean take(SlabPages pages, int ref, String key, boolean scratch) {
        setPages(pages);
        this.scratch = scratch;
        this.keyLength = key == null ? -1 : key.length();
        return holds(ref, key);
    }

    /**
     * Prepares the copy for an index probe that confirms each candidate by copying it
     * ({@link #holds}), for a key of {@code keyLength} chars. The caller takes the length before
     * the probe: it loads the key's array, a memory miss of its own, while the probe waits for
     * the index's and the chunk's, instead of after them.
     */
    ItemCopy reading(SlabPages pages, boolean scratch, int keyLength) {
        setPages(pages);
        this.scratch = scratch;
        this.keyLength = keyLength;
        torn = false;
        return this;
    }

    /** Copies the chunk's item if it holds the key, validated; notes in {@link #torn} a chunk that changed under it. */
    @Override
    public boolean holds(int ref, String key) {
        int moves = pages.moves(SlabClass.page(ref));
        SlabClass c = pages.carving(ref);
        MemorySegment m = pages.memory(SlabClass.page(ref));
        if (c == null || m == null) {
            torn = true;
            return false; // given back, or moved to a class that carves it otherwise
        }
        long off = c.offset(SlabClass.slot(ref));
        long s = Chunk.settled(m, off); // a replace in place, or a free, under way: wait it out
        if (s == 0) {
            torn = true; // freed: the index is about to drop or replace it
            return false;
        }
        if (scratch && c.chunkSize <= KEEP) {
            return takeWhole(m, off, c.chunkSize, s, ref, moves, key);
        }
        int keyBytes = Chunk.keyLength(m, off);
        if (keyLength >= 0 && keyBytes != keyLength && keyBytes != 2 * keyLength) {
            return false; // another key of the same hash (or a torn header: then the index is looked up again anyway)
        }
        int n = Chunk.valueLength(m, off);
        long total = Chunk.HEADER + (long) keyBytes + n;
        if (n < 0 || total > c.chunkSize) {
            torn = true; // a torn header: the chunk is being reused
            return false;
        }
        // Bulk copies, then one check: cheaper than checked reads field by field. A read takes the
        // whole item into the scratch; a lookup takes header and key there and the value straight
        // into the array it returns.
        int at = Chunk.HEADER + keyBytes;
        byte[] image;
        byte[] val;
        int valOffset;
        if (scratch) {
            image = total <= KEEP ? buffer((int) total) : new byte[(int) total];
            MemorySegment.copy(m, ValueLayout.JAVA_BYTE, off, image, 0, (int) total);
            val = image;
            valOffset = at;
        } else {
            image = at <= KEEP ? buffer(at) : new byte[at];
            MemorySegment.copy(m, ValueLayout.JAVA_BYTE, off, image, 0, at);
            val = new byte[n];
            MemorySegment.copy(m, ValueLayout.JAVA_BYTE, off + at, val, 0, n);
            valOffset = 0;
        }
        VarHandle.acquireFence(); // the copies complete before the stamp is taken again
        if (Chunk.stamp(m, off) != s || pages.moves(SlabClass.page(ref)) != moves) {
            torn = true;
            return false;
        }
        return accept(image, keyBytes, key, val, valOffset, n, s);
    }

    /**
     * A read of a chunk that fits the scratch: the whole chunk in one copy, its size known from
     * its class, so that the loads of all its cache lines are issued together, at once after
     * the stamp's, instead of the value's lines only once the header's lengths have arrived (a
     * second round trip to memory); then the item is checked in the copy. A class's chunk is
     * under 1.3 times the smallest item of the class (×1.25, rounded up to 8 bytes), so under a
     * quarter of what is copied is slack.
     */
    private boolean takeWhole(MemorySegment m, long off, int size, long s, int ref, int moves, String key) {
        byte[] image = buffer(size);
        MemorySegment.copy(m, ValueLayout.JAVA_BYTE, off, image, 0, size);
        VarHandle.acquireFence(); // the copy completes before the stamp is taken again
        if (Chunk.stamp(m, off) != s || pages.moves(SlabClass.page(ref)) != moves) {
            torn = true;
            return false;
        }
        int keyBytes = Chunk.keyLength(image);
        int n = Chunk.valueLength(image);
        int at = Chunk.HEADER + keyBytes;
        if (n < 0 || (long) at + n > size) {
            return false; // cannot be, for a validated copy: a chunk's header always fits it
        }
        return accept(image, keyBytes, key, image, at, n, s);
    }

    /** The item of a validated copy whose header is {@code image}, if its key is {@code key} (any key when null). */
    private boolean accept(byte[] image, int keyBytes, String key, byte[] value, int at, int n, long s) {
        boolean wide = Chunk.wide(image);
        if (key == null) {
            this.key = Keys.read(image, keyBytes, wide);
        } else if (!Keys.matches(image, keyBytes, wide, key)) {
            return false; // another key of the same hash
        }
        setValue(value);
        valueOffset = at;
        length = n;
        flags = Chunk.flags(image);
        expiresAt = Chunk.expiresAt(image);
        storedAt = Chunk.storedAt(image);
        stamp = s;
        return true;
    }

    /*
     * A thread's copy lives long, so the collector (G1) keeps it in the old generation, where
     * each store of a reference to an object in another region costs a full fence in the write
     * barrier: a get stored three (the pages, the key, the value array) and paid three fences.
     * The references are stored only when they change (the key not at all: the caller has it).
     */

    private void setPages(SlabPages p) {
        if (pages != p) {
            pages = p;
        }
    }

    private void setValue(byte[] v) {
        if (value != v) {
            value = v;
        }
    }

    private byte[] buffer(int n) {
        if (buffer.length < n) {
            buffer = new byte[Math.max(n, Math.min(KEEP, buffer.length * 2))];
        }
        return buffer;
    }
}
