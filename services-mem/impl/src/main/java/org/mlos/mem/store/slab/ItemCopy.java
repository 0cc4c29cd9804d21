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
final class ItemCopy {

    /** The largest scratch array a thread keeps; larger values get an array of their own. */
    static final int KEEP = 64 << 10;
    private static final ThreadLocal<ItemCopy> LOCAL = ThreadLocal.withInitial(() -> new ItemCopy(true));

    private final boolean scratch;
    private byte[] buffer = new byte[0];
    String key;
    byte[] value;
    int length;
    int flags;
    long expiresAt;
    long storedAt;
    long stamp;
    /** Where the item lay, for the reader's mark. */
    MemorySegment memory;
    long offset;

    ItemCopy(boolean scratch) {
        this.scratch = scratch;
    }

    /** The reading thread's copy, its value in a scratch array valid until its next read. */
    static ItemCopy local() {
        return LOCAL.get();
    }

    /**
     * Copies the item of chunk {@code ref} if it holds {@code key} (any key, read into
     * {@link #key}, if null). False if the chunk is free, holds another key, or changed during the
     * copy.
     *
     * @throws IllegalStateException if the page was given back during the copy (a resize)
     */
    boolean take(SlabPages pages, int ref, String key) {
        int page = SlabClass.page(ref);
        int slot = SlabClass.slot(ref);
        MemorySegment m = pages.memory(page);
        SlabClass c = pages.owner(page);
        if (m == null || c == null || slot >= c.perPage) {
            return false; // given back, or moved to a class that carves it otherwise
        }
        long off = c.offset(slot);
        long s = Chunk.stamp(m, off);
        if (s == 0) {
            return false;
        }
        int keyBytes = Chunk.keyLength(m, off);
        int n = Chunk.valueLength(m, off);
        if (n < 0 || Chunk.HEADER + (long) keyBytes + n > c.chunkSize) {
            return false; // a torn header: the chunk is being reused
        }
        String k = key;
        if (k == null) {
            k = Keys.read(m, off, c.chunkSize);
        } else if (!Keys.matches(m, off, c.chunkSize, key)) {
            return false;
        }
        byte[] into = scratch && n <= KEEP ? buffer(n) : new byte[n];
        MemorySegment.copy(m, ValueLayout.JAVA_BYTE, off + Chunk.HEADER + keyBytes, into, 0, n);
        int f = Chunk.flags(m, off);
        long exp = Chunk.expiresAt(m, off);
        long stored = Chunk.storedAt(m, off);
        VarHandle.acquireFence(); // the reads above complete before the stamp is taken again
        if (Chunk.stamp(m, off) != s) {
            return false;
        }
        this.key = k;
        value = into;
        length = n;
        flags = f;
        expiresAt = exp;
        storedAt = stored;
        stamp = s;
        memory = m;
        offset = off;
        return true;
    }

    private byte[] buffer(int n) {
        if (buffer.length < n) {
            buffer = new byte[Math.max(n, Math.min(KEEP, buffer.length * 2))];
        }
        return buffer;
    }
}
