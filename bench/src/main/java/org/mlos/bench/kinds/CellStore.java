package org.mlos.bench.kinds;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;

/** Counters in a ConcurrentHashMap, moved as entries. Implements both benchmark kinds. */
public final class CellStore implements Cells, HeldCells, Transferable {

    record Entry(Long key, long value) implements StateEntry {
        @Override
        public long bytes() {
            return 16;
        }
    }

    private volatile ConcurrentHashMap<Long, AtomicLong> cells = new ConcurrentHashMap<>();

    /** Fills keys 0..n-1 with zero, straight into the map (before the store serves). */
    public void preload(int n) {
        for (long k = 0; k < n; k++) {
            cells.put(k, new AtomicLong());
        }
    }

    @Override
    public long add(long key, long delta) {
        return cells.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(delta);
    }

    @Override
    public long get(long key) {
        AtomicLong v = cells.get(key);
        return v == null ? 0 : v.get();
    }

    @Override
    public long size() {
        return cells.size();
    }

    @Override
    public List<String> exportFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    @Override
    public List<String> importFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    @Override
    public StateExport exportState(String format) {
        ConcurrentHashMap<Long, AtomicLong> source = cells;
        return new EntryExport() {
            @Override
            public void forEach(Consumer<? super StateEntry> sink) {
                source.forEach((k, v) -> sink.accept(new Entry(k, v.get())));
            }

            @Override
            public StateEntry entry(Object key) {
                AtomicLong v = source.get(key);
                return v == null ? null : new Entry((Long) key, v.get());
            }

            @Override
            public void commit() {
                cells = new ConcurrentHashMap<>();
            }
        };
    }

    @Override
    public StateImport importState(String format) {
        ConcurrentHashMap<Long, AtomicLong> fresh = new ConcurrentHashMap<>();
        cells = fresh;
        return new EntryImport() {
            @Override
            public void put(StateEntry entry) {
                Entry e = (Entry) entry;
                fresh.put(e.key(), new AtomicLong(e.value()));
            }

            @Override
            public void remove(Object key) {
                fresh.remove(key);
            }

            @Override
            public void clear() {
                fresh.clear();
            }
        };
    }
}
