/**
 * What the allocators share: routing a free to the implementation that allocated the block,
 * the hand-over of outstanding blocks in a swap, and giving memory back once a retired
 * allocator's last block is freed.
 */
package org.mlos.mem.alloc;
