package org.mlos.cluster.rollout;

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

/** Accounts in a map; {@code failImport} makes every import fail (a new version's bug). */
public final class MapAccounts implements Accounts, Transferable {

    public record Entry(String key, long value) implements StateEntry {
    }

    private final String name;
    private final boolean failImport;
    private volatile Map<String, Long> map = new ConcurrentHashMap<>();

    public MapAccounts(String name, boolean failImport) {
        this.name = name;
        this.failImport = failImport;
    }

    @Override
    public long add(String account, long amount) {
        return map.merge(account, amount, Long::sum);
    }

    @Override
    public long balance(String account) {
        return map.getOrDefault(account, 0L);
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

    @Override
    public StateExport exportState(String format) {
        Map<String, Long> source = map;
        return new EntryExport() {
            @Override
            public void forEach(Consumer<? super StateEntry> sink) {
                source.forEach((k, v) -> sink.accept(new Entry(k, v)));
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
                map = new ConcurrentHashMap<>();
            }
        };
    }

    @Override
    public StateImport importState(String format) {
        Map<String, Long> into = new ConcurrentHashMap<>();
        Map<String, Long> before = map;
        map = into;
        return new EntryImport() {
            @Override
            public void put(StateEntry entry) {
                if (failImport) {
                    throw new IllegalStateException(name + ": cannot take " + entry.key());
                }
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
