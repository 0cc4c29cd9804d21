package org.mlos.mem.api;

import org.mlos.core.api.Kind;

/**
 * Allocates memory outside the Java heap.
 *
 * <p>A block stays valid until it is freed, across swaps of the allocator: after a swap, blocks
 * allocated by the old implementation are still freed through the handle, and the old
 * implementation returns its memory once its last block is freed.
 */
@Kind
public interface OffHeapAllocator {

    /**
     * Allocates a block of at least {@code bytes} bytes, zeroed.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive or above {@link Integer#MAX_VALUE}
     * @throws OutOfMemoryError if the allocator's budget is exhausted
     */
    OffHeapBlock allocate(long bytes);

    /**
     * Frees a block, whichever implementation allocated it.
     *
     * @throws IllegalStateException if the block was already freed
     */
    void free(OffHeapBlock block);

    AllocatorStats stats();
}
