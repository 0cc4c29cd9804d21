package org.mlos.core.testkinds;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.mlos.core.reps.PerCore;
import org.mlos.core.reps.RepresentedExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;

/**
 * The counters kinds with a representative per core: each stripe of threads adds to a map of its
 * own, and a key's value is the sum over every representative. Its export walks them all; it
 * speaks {@link MapCounters}' entries, so the two swap both ways.
 */
public class PerCoreCounters implements Counters, PlainCounters, Transferable {

    private final String name;
    private final int slots;
    private volatile PerCore<Map<String, AtomicLong>> reps;

    public PerCoreCounters(String name, int slots) {
        this.name = name;
        this.slots = slots;
        this.reps = fresh();
    }

    private PerCore<Map<String, AtomicLong>> fresh() {
        return PerCore.of(slots, i -> new ConcurrentHashMap<>());
    }

    /** Representatives made so far. */
    public int representatives() {
        return reps.created();
    }

    @Override
    public long add(String key, long delta) {
        reps.rep().computeIfAbsent(key, k -> new AtomicLong()).addAndGet(delta);
        return get(key);
    }

    @Override
    public long get(String key) {
        return reps.sum(m -> {
            AtomicLong v = m.get(key);
            return v == null ? 0 : v.get();
        });
    }

    @Override
    public int size() {
        Map<String, Boolean> keys = new ConcurrentHashMap<>();
        reps.forEach(m -> m.keySet().forEach(k -> keys.put(k, true)));
        return keys.size();
    }

    @Override
    public void clear() {
        reps.forEach(Map::clear);
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
        PerCore<Map<String, AtomicLong>> exported = reps;
        return new RepresentedExport<Map<String, AtomicLong>>(exported) {
            @Override
            protected void entries(Map<String, AtomicLong> rep, Consumer<StateEntry> sink) {
                rep.forEach((k, v) -> sink.accept(new MapCounters.Entry(k, v.get())));
            }

            @Override
            protected StateEntry entry(Map<String, AtomicLong> rep, Object key) {
                AtomicLong v = rep.get(key);
                return v == null ? null : new MapCounters.Entry((String) key, v.get());
            }

            @Override
            protected StateEntry merge(StateEntry a, StateEntry b) {
                MapCounters.Entry x = (MapCounters.Entry) a;
                return new MapCounters.Entry(x.key(), x.value() + ((MapCounters.Entry) b).value());
            }

            @Override
            public void commit() {
                reps = fresh();
            }
        };
    }

    @Override
    public StateImport importState(String format) {
        PerCore<Map<String, AtomicLong>> in = fresh();
        reps = in;
        return new EntryImport() {
            @Override
            public void put(StateEntry entry) {
                MapCounters.Entry e = (MapCounters.Entry) entry;
                in.forEach(m -> m.remove(e.key())); // a replayed key replaces what an earlier round put
                in.rep().put(e.key(), new AtomicLong(e.value()));
            }

            @Override
            public void remove(Object key) {
                in.forEach(m -> m.remove(key));
            }

            @Override
            public void clear() {
                in.forEach(Map::clear);
            }

            @Override
            public void abort() {
                in.forEach(Map::clear);
            }
        };
    }
}
