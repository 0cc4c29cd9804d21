package org.mlos.core.state;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

/** Export side of the {@link StateFormats#ENTRIES entries} format. */
@ConsumerType
public interface EntryExport extends StateExport {

    @Override
    default String format() {
        return StateFormats.ENTRIES;
    }

    /**
     * Passes every entry to the sink. In a held swap the kernel calls this with callers held
     * (read the state here, not when the export was opened: calls may still arrive between the
     * two). In a live swap it runs while the implementation keeps serving, so it need only be
     * weakly consistent: the kernel replays every key changed while it ran. The sink may throw
     * (the import failed, or the swap's requester stopped it): let that propagate and go no
     * further; the kernel then aborts the export.
     */
    void forEach(Consumer<? super StateEntry> sink) throws Exception;

    /**
     * The current entry for a key, or null if there is none: how the kernel replays the keys
     * changed during a live copy. Called while the implementation keeps serving (the replay
     * rounds of a live copy: a weakly consistent answer is enough, since every key changed
     * meanwhile is replayed again) and, for the last replay, with callers held.
     */
    StateEntry entry(Object key) throws Exception;

    /**
     * Passes what travels beside the entries, as it is now: figures no key's replay would bring up
     * to date (a store's counters, say, which every call moves). The kernel asks after every copy
     * and every replay, the last time with callers held, and the importer keeps the last it was
     * given: it ends with them as they were when the old implementation stopped serving. Not counted
     * in a swap's report. None by default.
     *
     * @since 1.1
     */
    default void forEachBeside(Consumer<? super StateEntry> sink) throws Exception {
    }
}
