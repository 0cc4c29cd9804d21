package org.mlos.mem.api;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A block of off-heap memory from an {@link OffHeapAllocator}. Its buffer is a direct
 * {@link ByteBuffer} of exactly {@link #size()} bytes; it must not be used after the block is
 * freed.
 */
public final class OffHeapBlock {

    private final Object owner;
    private final ByteBuffer buffer;
    private final long slot;
    private final Object attachment;
    private final AtomicBoolean freed = new AtomicBoolean();

    /**
     * For allocators.
     *
     * @param owner      the allocating implementation (how a later implementation routes the free)
     * @param buffer     the memory
     * @param slot       the owner's own bookkeeping (a size class, a chunk index...)
     * @param attachment the owner's own object for the block (the memory it was carved from...)
     */
    public OffHeapBlock(Object owner, ByteBuffer buffer, long slot, Object attachment) {
        this.owner = owner;
        this.buffer = buffer;
        this.slot = slot;
        this.attachment = attachment;
    }

    /** The block's memory. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public long size() {
        return buffer.capacity();
    }

    /** For allocators: the implementation that allocated the block. */
    public Object owner() {
        return owner;
    }

    /** For allocators: the owner's bookkeeping value. */
    public long slot() {
        return slot;
    }

    /** For allocators: the owner's own object for the block. */
    public Object attachment() {
        return attachment;
    }

    /** For allocators: marks the block freed; false if it already was. */
    public boolean markFreed() {
        return freed.compareAndSet(false, true);
    }

    public boolean isFreed() {
        return freed.get();
    }
}
