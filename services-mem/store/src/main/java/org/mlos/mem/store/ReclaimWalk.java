package org.mlos.mem.store;

import org.mlos.mem.api.LiveItemSizes;

/**
 * What a store's walk of one part for a reclaim ({@link AbstractStore#walkPart}) reports: each dead
 * key, to be removed once checked again under its lock, and each live item's sizes. The sizes may
 * be told under the store's locks, so their listener only records.
 */
public interface ReclaimWalk extends LiveItemSizes {

    /** A key whose item was dead (expired, or hidden by a flush) when the walk passed it. */
    void dead(String key);
}
