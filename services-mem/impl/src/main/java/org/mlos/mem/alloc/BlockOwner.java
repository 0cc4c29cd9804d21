package org.mlos.mem.alloc;

import org.mlos.mem.api.AllocatorStats;
import org.mlos.mem.api.OffHeapBlock;

/** An allocator that can free the blocks it handed out, even after it was swapped out. */
public interface BlockOwner {

    /** Frees one of this allocator's own blocks. */
    void freeOwned(OffHeapBlock block);

    /** This allocator's own figures, without what it inherited. */
    AllocatorStats ownStats();
}
