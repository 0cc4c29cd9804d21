package org.mlos.core.kernel.contract;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;

public class MapShelf implements Shelf, Transferable {

    public record Entry(Object key, long value) implements StateEntry {
    }

    private final String name;
    volatile Map<Object, Long> map = new ConcurrentHashMap<>();

    public MapShelf(String name) {
        this.name = name;
    }

    @Override
    public long add(Object key, long delta) {
        return map.merge(key, delta, Long::sum);
    }

    @Override
    public long get(Object key) {
        Long v = map.get(key);
        return v == null ? 0 : v;
    }

    @Override
    public String who() {
        return name;
    }

    @Override
    public List<String> exportFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    @Override
    public List<String> importFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    /** Called on the incoming implementation before it serves (tests hook in here). */
    protected void beforeServingHook() {
    }

    @Override
    public StateExport exportState(String format) {
        Map<Object, Long> source = map;
        return new EntryExport() {
            @Override
            public void forEach(Consumer<? super StateEntry> sink) {
                source.forEach((k, v) -> sink.accept(new Entry(k, v)));
            }

            @Override
            public StateEntry entry(Object key) {
                Long v = source.get(key);
                return v == null ? null : new Entry(key, v);
            }

            @Override
            public void commit() {
                map = new ConcurrentHashMap<>();
            }
        };
    }

    @Override
    public StateImport importState(String format) {
        Map<Object, Long> into = new ConcurrentHashMap<>();
        map = into;
        return new EntryImport() {
            @Override
            public void put(StateEntry e) {
                into.put(e.key(), ((Entry) e).value());
            }

            @Override
            public void remove(Object key) {
                into.remove(key);
            }

            @Override
            public void clear() {
                into.clear();
            }

            @Override
            public void check() {
                beforeServingHook();
            }
        };
    }
}
