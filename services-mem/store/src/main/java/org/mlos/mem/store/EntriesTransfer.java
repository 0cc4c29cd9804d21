package org.mlos.mem.store;

import java.util.function.Consumer;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateImport;
import org.mlos.mem.api.CountsEntry;
import org.mlos.mem.api.FlushEntry;
import org.mlos.mem.api.StoreEntry;

/**
 * A store's state in the entries format ({@link org.mlos.core.state.StateFormats#ENTRIES}): its live
 * items and a pending delayed flush, its counters beside them, the same for every {@link AbstractStore}. Imported CAS
 * uniques raise the store's counter, so that every unique it gives after a swap lies above them.
 */
final class EntriesTransfer {

    private EntriesTransfer() {
    }

    /** The store's items (and a pending flush) as entries; committing empties the store. */
    static StateExport export(AbstractStore store) {
        return new EntryExport() {
            @Override
            public void forEach(Consumer<? super StateEntry> sink) {
                long f = store.flushAt;
                if (f != 0) {
                    sink.accept(new FlushEntry(f));
                }
                long now = store.now();
                store.forEachEntry(e -> {
                    if (store.live(e, now)) {
                        sink.accept(e);
                    }
                });
            }

            /** The counters: asked again at the last replay, with callers held, so none is missed. */
            @Override
            public void forEachBeside(Consumer<? super StateEntry> sink) {
                sink.accept(new CountsEntry(store.stats()));
            }

            @Override
            public StateEntry entry(Object key) {
                StoreEntry e = store.lookup((String) key);
                return store.live(e, store.now()) ? e : null;
            }

            /** The items stored now: what a swap's progress line counts the copy against (a live swap's count drifts). */
            @Override
            public long entries() {
                return store.size();
            }

            @Override
            public void commit() {
                // The entries belong to the new store now: give the memory back.
                store.discardAll();
                store.flushAt = 0;
                store.releaseMemory();
            }
        };
    }

    /** Empties the store (adopting the node's budget if it is the node's) and takes entries in. */
    static StateImport importInto(AbstractStore store) {
        store.discardAll();
        store.flushAt = 0;
        long resized = Capacity.storeResized();
        if (store.nodeStore && resized > 0 && resized != store.capacityBytes()) {
            // created before an operator resized the node's store: it takes the budget over empty
            store.changeCapacity(resized);
        }
        return new EntryImport() {
            /** Items evicted to make room for the import, up to {@link #mark}. */
            private long evicted;
            /** The evictions counter when last read: the counters may be carried more than once (a live swap's last replay). */
            private long mark = store.counters.evictions.sum();

            private void countEvictions() {
                evicted += store.counters.evictions.sum() - mark;
            }

            @Override
            public void put(StateEntry entry) {
                if (entry instanceof FlushEntry flush) {
                    store.flushAt = flush.atMillis();
                    return;
                }
                if (entry instanceof CountsEntry counts) {
                    countEvictions();
                    store.counters.carry(counts.counts(), evicted);
                    mark = store.counters.evictions.sum();
                    return;
                }
                StoreEntry e = (StoreEntry) entry;
                store.casSequence.raiseTo(e.cas());
                synchronized (store.stripe(e.key())) {
                    store.store(e);
                }
            }

            @Override
            public void remove(Object key) {
                String k = (String) key;
                synchronized (store.stripe(k)) {
                    store.discard(k);
                }
            }

            @Override
            public void clear() {
                store.discardAll();
                store.flushAt = 0;
            }

            @Override
            public void check() {
                countEvictions();
                mark = store.counters.evictions.sum();
            }

            /** What the swap cost: the items this store could not hold beside the others within its capacity. */
            @Override
            public String detail() {
                return evicted > 0 ? "evicted " + evicted + " items to take the state in: this store holds fewer items"
                        + " than the one before it within its " + (store.capacityBytes() >> 20) + " MB" : null;
            }

            @Override
            public void abort() {
                store.discardAll();
                store.flushAt = 0;
            }
        };
    }
}
