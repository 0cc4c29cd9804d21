package org.mlos.mem.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.mlos.mem.api.StoreEntry;

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
    /** The memory budget; set once, by the subclass's initialisation. */
    protected long capacity;

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
