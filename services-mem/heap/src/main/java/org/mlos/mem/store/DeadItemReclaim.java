package org.mlos.mem.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A store's {@link AbstractStore#reclaimDead(int)}: the dead keys the walk of one part finds are
 * gathered in batches and each batch removed when full (and the rest after the walk), so that a
 * mass expiry does not list a part's whole key set on the heap. Each key is checked again under its lock before it
 * goes: one set again meanwhile stays. A removal during the walk may move entries of an
 * open-addressed index (the slab store's) behind it: those are found by the next pass.
 */
final class DeadItemReclaim {

    /** Dead keys held at most before they are removed, mid-walk. */
    static final int BATCH = 10_000;

    private final AbstractStore store;
    private final ItemOperations operations;

    DeadItemReclaim(AbstractStore store, ItemOperations operations) {
        this.store = store;
        this.operations = operations;
    }

    /** Walks one part of the store; returns how many dead items it removed. */
    long reclaim(int part) {
        List<String> batch = new ArrayList<>();
        long[] reclaimed = { 0 };
        store.forEachDeadKey(store.now(), part, key -> {
            batch.add(key);
            if (batch.size() == BATCH) {
                reclaimed[0] += removeStillDead(batch);
            }
        });
        return reclaimed[0] + removeStillDead(batch);
    }

    /** Removes the keys still dead; empties the list. */
    private long removeStillDead(List<String> keys) {
        long gone = 0;
        for (String key : keys) {
            if (operations.removeIfDead(key)) {
                gone++;
            }
        }
        keys.clear();
        return gone;
    }
}
