package org.mlos.core.testkinds;

import java.util.List;
import java.util.Map;
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

/** A counter map on a ConcurrentHashMap; implements both test kinds. */
public class MapCounters implements Counters, PlainCounters, Transferable {

    public record Entry(String key, long value) implements StateEntry {
        @Override
        public long bytes() {
            return key.length() * 2L + 8;
        }
    }

    private final String name;
    protected volatile Map<String, AtomicLong> map = new ConcurrentHashMap<>();

    public MapCounters(String name) {
        this.name = name;
    }

    @Override
    public long add(String key, long delta) {
        return map.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(delta);
    }

    @Override
    public long get(String key) {
        AtomicLong v = map.get(key);
        return v == null ? 0 : v.get();
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public String who() {
        return name;
    }

    public long total() {
        return map.values().stream().mapToLong(AtomicLong::get).sum();
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
        return new EntryExport() {
            @Override
            public void forEach(Consumer<? super StateEntry> sink) {
                map.forEach((k, v) -> sink.accept(new Entry(k, v.get())));
            }

            @Override
            public StateEntry entry(Object key) {
                AtomicLong v = map.get(key);
                return v == null ? null : new Entry((String) key, v.get());
            }

            @Override
            public void commit() {
                map = new ConcurrentHashMap<>();
            }
        };
    }

    @Override
    public StateImport importState(String format) {
        Map<String, AtomicLong> fresh = new ConcurrentHashMap<>();
        map = fresh;
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

            @Override
            public void abort() {
                fresh.clear();
            }
        };
    }
}
