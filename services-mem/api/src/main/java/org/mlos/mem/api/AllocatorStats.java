package org.mlos.mem.api;

/**
 * An allocator's statistics.
 *
 * @param allocations       blocks allocated since start
 * @param frees             blocks freed since start
 * @param outstandingBlocks blocks allocated and not freed, including those inherited from
 *                          implementations this one replaced
 * @param outstandingBytes  their bytes
 * @param reservedBytes     memory taken from the operating system and not yet returned
 * @param inheritedBlocks   outstanding blocks allocated by replaced implementations
 */
public record AllocatorStats(long allocations, long frees, long outstandingBlocks, long outstandingBytes,
        long reservedBytes, long inheritedBlocks) {
}
