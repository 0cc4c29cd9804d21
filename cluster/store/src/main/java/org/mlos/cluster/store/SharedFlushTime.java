package org.mlos.cluster.store;

import java.util.UUID;
import java.util.function.Supplier;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

/**
 * The time of the last {@code flush_all} on the shared store, kept in its meta map: every node's
 * copy is kept current by a listener, so that an item's liveness is decided without a call to the
 * cluster.
 */
final class SharedFlushTime {

    private static final String FLUSH_AT = "flushAt";

    private final IMap<String, Long> meta;
    private final UUID listener;
    private volatile long at;

    SharedFlushTime(IMap<String, Long> meta) {
        this.meta = meta;
        this.at = read(() -> ((IMap<String, ?>) meta).get(FLUSH_AT));
        this.listener = meta.addEntryListener(new Listener(), FLUSH_AT, true);
    }

    /** When items stored before it stopped being live, in epoch milliseconds; 0 for never. */
    long at() {
        return at;
    }

    /** Sets it for every node. */
    void set(long atMillis) {
        at = atMillis;
        meta.set(FLUSH_AT, atMillis);
    }

    void close() {
        meta.removeEntryListener(listener);
    }

    private final class Listener implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long> {
        @Override
        public void entryAdded(EntryEvent<String, Long> event) {
            at = read(((EntryEvent<?, ?>) event)::getValue);
        }

        @Override
        public void entryUpdated(EntryEvent<String, Long> event) {
            at = read(((EntryEvent<?, ?>) event)::getValue);
        }
    }

    /**
     * The stored flush time; anything but a number (which no node writes, but anyone who knows
     * the cluster name can) is none, rather than a cast that failed and kept the store from opening.
     */
    private static long read(Supplier<?> stored) {
        try {
            return stored.get() instanceof Long l ? l : 0;
        } catch (RuntimeException undeserializable) {
            return 0;
        }
    }
}
