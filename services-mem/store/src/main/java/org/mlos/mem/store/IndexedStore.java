package org.mlos.mem.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;

/**
 * A store whose items live in memory of its own (off the Java heap), found through an on-heap
 * index from key to item: what the slab and log stores share. Mutations of a key are serialised by
 * one of {@value #STRIPES} stripe locks.
 *
 * @param <I> the store's item type
 */
public abstract class IndexedStore<I> extends AbstractStore {

    public static final int STRIPES = 256;

    protected final ConcurrentHashMap<String, I> index = new ConcurrentHashMap<>();
    /** Bytes the live items take, each counted whole: key, value and the store's own overhead. */
    protected final AtomicLong bytes = new AtomicLong();
    private final Object[] stripes = new Object[STRIPES];
    /** The memory budget; set by the subclass's initialisation, and again by a resize. */
    protected volatile long capacity;

    protected IndexedStore() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    protected final Object stripe(String key) {
        int h = key.hashCode();
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    /** Runs {@code action} holding every stripe lock: no mutation of any key runs meanwhile. */
    protected final void exclusively(Runnable action) {
        hold(0, action);
    }

    private void hold(int stripe, Runnable action) {
        if (stripe == STRIPES) {
            action.run();
            return;
        }
        synchronized (stripes[stripe]) {
            hold(stripe + 1, action);
        }
    }

    /**
     * Lays the store out again for a new budget, its items kept: with every writer held, the live
     * items are copied to the heap, the old memory given back, {@code init} lays out the new
     * budget, and the items are stored again oldest first (by CAS unique), so that a smaller
     * budget evicts the oldest, each told to the eviction listener. The memory of off-heap
     * stores is carved for the budget they start with (pages, segments), so a resize cannot
     * just move a limit. Writers wait meanwhile; readers do not, and may miss an item while it
     * is being stored again. Needs heap for a copy of the items (up to the old budget).
     */
    protected final void relayout(long capacityBytes, LongConsumer init) {
        exclusively(() -> {
            long now = now();
            List<StoreEntry> items = new ArrayList<>(index.size());
            forEachEntry(e -> {
                if (live(e, now)) {
                    items.add(e); // off-heap stores' lookups return a copy of the value already
                }
            });
            items.sort(Comparator.comparingLong(StoreEntry::cas));
            discardAll();
            releaseMemory();
            init.accept(capacityBytes);
            for (StoreEntry e : items) {
                try {
                    store(e);
                } catch (StoreFullException tooLarge) {
                    evicted(e.key()); // an item larger than anything the new budget can hold
                }
            }
        });
    }

    @Override
    protected void forEachEntry(Consumer<StoreEntry> sink) {
        for (String key : index.keySet()) {
            StoreEntry e = lookup(key);
            if (e != null) {
                sink.accept(e);
            }
        }
    }

    @Override
    protected long bytesUsed() {
        return bytes.get();
    }

    @Override
    public long size() {
        return index.size();
    }

    @Override
    public long capacityBytes() {
        return capacity;
    }
}
