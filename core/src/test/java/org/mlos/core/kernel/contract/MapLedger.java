package org.mlos.core.kernel.contract;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;

/** A Ledger over a concurrent map (hash or skip list: the two implementations). */
public class MapLedger implements Ledger, Transferable {

    public record Entry(String key, long value) implements StateEntry {
        @Override
        public long bytes() {
            return 16 + key.length();
        }
    }

    public static final class Failing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Failing(String m) {
            super(m);
        }
    }

    private final String name;
    private final boolean sorted;
    protected volatile Map<String, Long> map;

    public MapLedger(String name, boolean sorted) {
        this.name = name;
        this.sorted = sorted;
        this.map = fresh();
    }

    private Map<String, Long> fresh() {
        return sorted ? new ConcurrentSkipListMap<>() : new ConcurrentHashMap<>();
    }

    @Override
    public long add(String key, long delta) {
        return map.merge(key, delta, Long::sum);
    }

    @Override
    public boolean remove(String key) {
        return map.remove(key) != null;
    }

    @Override
    public long addThenThrow(String key, long delta, boolean checked) throws IOException {
        long v = add(key, delta);
        if (checked) {
            throw new IOException("checked " + key + "=" + v);
        }
        throw new IllegalStateException("unchecked " + key + "=" + v);
    }

    @Override
    public long transfer(String from, String to, long amount) {
        map.merge(from, -amount, Long::sum);
        return map.merge(to, amount, Long::sum);
    }

    @Override
    public long get(String key) {
        Long v = map.get(key);
        return v == null ? 0 : v;
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public Iterator<String> keys() {
        return map.keySet().iterator();
    }

    @Override
    public String who() {
        return name;
    }

    public Map<String, Long> snapshot() {
        return Map.copyOf(map);
    }

    @Override
    public List<String> exportFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    @Override
    public List<String> importFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    /** Hooks a test arms: called for each entry exported / imported (count so far). */
    protected void onExport(long n) {
    }

    protected void onImport(long n) {
    }

    @Override
    public StateExport exportState(String format) {
        Map<String, Long> source = map;
        return new EntryExport() {
            long n;

            @Override
            public void forEach(Consumer<? super StateEntry> sink) {
                source.forEach((k, v) -> {
                    onExport(++n);
                    sink.accept(new Entry(k, v));
                });
            }

            @Override
            public StateEntry entry(Object key) {
                Long v = source.get(key);
                return v == null ? null : new Entry((String) key, v);
            }

            @Override
            public long entries() {
                return source.size();
            }

            @Override
            public void commit() {
                map = fresh();
            }
        };
    }

    @Override
    public StateImport importState(String format) {
        Map<String, Long> into = fresh();
        Map<String, Long> before = map;
        map = into;
        return new EntryImport() {
            long n;

            @Override
            public void put(StateEntry entry) {
                onImport(++n);
                Entry e = (Entry) entry;
                into.put(e.key(), e.value());
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
            public void abort() {
                map = before;
            }
        };
    }
}
