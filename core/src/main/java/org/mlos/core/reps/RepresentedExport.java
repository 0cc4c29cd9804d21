package org.mlos.core.reps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.StateEntry;

/**
 * The entries export of a per-core implementation: it walks every representative and merges the
 * entries they hold for one key into one, so the importer sees the object's state, not its
 * layout, and a swap moves every representative's share (K42's clustered object hands over
 * through its root).
 *
 * <p>Held swaps call {@link #forEach} with every caller held and drained, so the merged state is
 * exact. Live swaps copy while callers run, then replay each key changed meanwhile through
 * {@link #entry(Object)}, which merges that key across every representative again; the last replay
 * runs with callers held, so nothing added on any core is lost.
 *
 * @param <R> the representative's type
 */
public abstract class RepresentedExport<R> implements EntryExport {

    private final PerCore<R> reps;
    private long entries = -1;

    protected RepresentedExport(PerCore<R> reps) {
        this.reps = Objects.requireNonNull(reps, "reps");
    }

    /** Passes every entry one representative holds to the sink. */
    protected abstract void entries(R rep, Consumer<StateEntry> sink) throws Exception;

    /** One representative's entry for a key, or null if it holds none. */
    protected abstract StateEntry entry(R rep, Object key) throws Exception;

    /** Two representatives' entries for one key, as one (a sum for counters, a union for sets). */
    protected abstract StateEntry merge(StateEntry a, StateEntry b);

    @Override
    public final void forEach(Consumer<? super StateEntry> sink) throws Exception {
        Map<Object, StateEntry> merged = new LinkedHashMap<>();
        Exception[] failed = { null };
        reps.forEach(rep -> {
            if (failed[0] != null) {
                return;
            }
            try {
                entries(rep, e -> merged.merge(e.key(), e, this::merge));
            } catch (Exception e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        entries = merged.size();
        merged.values().forEach(sink);
    }

    @Override
    public final StateEntry entry(Object key) throws Exception {
        StateEntry[] acc = { null };
        Exception[] failed = { null };
        reps.forEach(rep -> {
            if (failed[0] != null) {
                return;
            }
            try {
                StateEntry e = entry(rep, key);
                if (e != null) {
                    acc[0] = acc[0] == null ? e : merge(acc[0], e);
                }
            } catch (Exception e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        return acc[0];
    }

    /** Distinct keys after the last full walk; -1 before it. */
    @Override
    public long entries() {
        return entries;
    }
}
