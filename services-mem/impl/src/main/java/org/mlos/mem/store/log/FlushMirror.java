package org.mlos.mem.store.log;

import java.util.function.Consumer;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateImport;
import org.mlos.mem.api.FlushEntry;
import org.mlos.mem.api.KeyValueStore;

/**
 * The store's pending delayed flush, as {@code AbstractStore} keeps it privately: the log store's
 * own read path decides visibility itself (it builds no {@code StoreEntry} to ask), so it follows
 * every place the flush time is set or cleared: a delayed {@code flushAll}, a flush entry imported
 * in a swap, and the clearing on import, on an import's {@code clear} or {@code abort}, and on an
 * export's {@code commit}. The wrappers pass every method of the state interfaces through.
 */
final class FlushMirror {

    /** Epoch millis of the pending flush, 0 for none. */
    private volatile long at;

    long at() {
        return at;
    }

    /** A flush for {@code atMillis} was asked for at {@code now}: delayed ones are kept. */
    void flushed(long atMillis, long now) {
        if (atMillis > now) {
            at = atMillis;
        }
    }

    /** Whether visibility of an item with this expiry depends on the clock now (an expiry, or a flush pending). */
    boolean needsClock(long expiresAt) {
        return expiresAt != KeyValueStore.NEVER || at != 0;
    }

    /** Whether an item is visible at {@code now}, as {@code StoreEntry.liveAt} decides with the store's flush time. */
    boolean visibleAt(long expiresAt, long storedAt, long now) {
        long f = at;
        return (expiresAt == KeyValueStore.NEVER || now < expiresAt) && (f == 0 || now < f || storedAt >= f);
    }

    /** The import AbstractStore opened (it has cleared its flush time), following the flush it carries. */
    StateImport follow(StateImport opened) {
        at = 0;
        if (!(opened instanceof EntryImport inner)) {
            return opened;
        }
        return new EntryImport() {
            @Override
            public String format() {
                return inner.format();
            }

            @Override
            public void put(StateEntry entry) throws Exception {
                if (entry instanceof FlushEntry flush) {
                    at = flush.atMillis();
                }
                inner.put(entry);
            }

            @Override
            public void remove(Object key) throws Exception {
                inner.remove(key);
            }

            @Override
            public void clear() throws Exception {
                inner.clear();
                at = 0;
            }

            @Override
            public void load(StateExport export) throws Exception {
                inner.load(export);
            }

            @Override
            public void check() throws Exception {
                inner.check();
            }

            @Override
            public void commit() {
                inner.commit();
            }

            @Override
            public void abort() {
                inner.abort();
                at = 0;
            }
        };
    }

    /** The export AbstractStore opened: its commit clears the flush time. */
    StateExport follow(StateExport opened) {
        if (!(opened instanceof EntryExport inner)) {
            return opened;
        }
        return new EntryExport() {
            @Override
            public String format() {
                return inner.format();
            }

            @Override
            public void forEach(Consumer<? super StateEntry> sink) throws Exception {
                inner.forEach(sink);
            }

            @Override
            public StateEntry entry(Object key) throws Exception {
                return inner.entry(key);
            }

            @Override
            public long entries() {
                return inner.entries();
            }

            @Override
            public long bytes() {
                return inner.bytes();
            }

            @Override
            public void commit() {
                inner.commit();
                at = 0;
            }

            @Override
            public void abort() {
                inner.abort();
            }
        };
    }
}
