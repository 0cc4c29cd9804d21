package org.mlos.mem.store;

import java.util.ArrayList;
import java.util.List;

import org.mlos.mem.api.LiveItemSizes;

/**
 * A store's {@link AbstractStore#reclaimDead(int)}: the dead keys the walk of one part finds are
 * gathered in batches and each batch removed when full (and the rest after the walk), so that a
 * mass expiry does not list a part's whole key set on the heap. Each key is checked again under its lock before it
 * goes: one set again meanwhile stays. (The slab store walks a copy of each index table, so its
 * removals, which shift entries of the live table, do not hide entries from the walk.)
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

    /** Walks one part of the store, telling {@code live} the live items' sizes; returns how many dead items it removed. */
    long reclaim(int part, LiveItemSizes live) {
        List<String> batch = new ArrayList<>();
        long[] reclaimed = { 0 };
        store.walkPart(store.now(), part, new ReclaimWalk() {
            @Override
            public void dead(String key) {
                batch.add(key);
                if (batch.size() == BATCH) {
                    reclaimed[0] += removeStillDead(batch);
                }
            }

            @Override
            public void item(int keyLength, int valueLength, int flags, long storedAt) {
                live.item(keyLength, valueLength, flags, storedAt);
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
