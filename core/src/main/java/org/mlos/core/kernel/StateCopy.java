package org.mlos.core.kernel;

import java.util.Set;
import java.util.function.Supplier;

import org.mlos.core.api.SwapProgress.Phase;
import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateImport;

/**
 * Moves state from an export to an import, counting what it moved, and telling the swap's
 * {@link SwapTracker} how far each pass has got.
 */
final class StateCopy {

    /**
     * Entries or keys copied between two asks whether to stop: the ask is a call out, a batch
     * costs it nothing. A paced copy asks at each of its waits, a batch of {@link CopyPace#BATCH}.
     */
    static final int STOP_CHECK_EVERY = 1024;

    private final SwapTracker tracker;
    private final Supplier<String> stop;
    private long entries;
    private long bytes;
    private boolean bytesKnown = true;
    private long replayed;

    /** @param stop asked every {@value #STOP_CHECK_EVERY} entries: null to go on, else why to stop; may be null */
    StateCopy(SwapTracker tracker, Supplier<String> stop) {
        this.tracker = tracker;
        this.stop = stop;
    }

    private static int every(CopyPace pace) {
        return pace == null ? STOP_CHECK_EVERY : CopyPace.BATCH;
    }

    /** Throws {@link Stopped} if the swap's requester wants it stopped. */
    void stopIfAsked() {
        String why = stop == null ? null : stop.get();
        if (why != null) {
            throw new Stopped(why);
        }
    }

    /**
     * Copies everything: entries one by one, or a direct format in one load.
     *
     * @param pace a ceiling on the rate while the old implementation serves, or null
     */
    void all(StateExport from, StateImport to, Phase phase, int pass, CopyPace pace) throws Exception {
        SwapTracker.Stage stage = tracker.enter(phase, pass, total(from), SwapTracker.ENTRIES);
        if (pace != null) {
            pace.begin();
        }
        if (from instanceof EntryExport source) {
            EntryImport sink = (EntryImport) to;
            long[] done = { 0 };
            source.forEach(e -> {
                try {
                    sink.put(e);
                } catch (Throwable ex) {
                    throw new ImportFailure(ex);
                }
                count(e);
                stage.moved();
                if (++done[0] % every(pace) == 0) {
                    stopIfAsked();
                }
                if (pace != null) {
                    pace.after(done[0]);
                }
            });
            beside(source, sink);
        } else {
            to.load(from);
            entries = from.entries();
            bytes = from.bytes();
            bytesKnown = bytes >= 0;
        }
    }

    /** After a live copy: brings the keys changed meanwhile up to date, or copies all again. */
    void replay(DirtyLog log, EntryExport from, EntryImport to, Phase phase, int pass, CopyPace pace) throws Exception {
        if (log.all()) {
            to.clear();
            entries = 0;
            bytes = 0;
            all(from, to, phase, pass, pace);
            return;
        }
        Set<Object> keys = log.keys();
        SwapTracker.Stage stage = tracker.enter(phase, pass, keys.size(), SwapTracker.KEYS);
        if (pace != null) {
            pace.begin();
        }
        long done = 0;
        for (Object key : keys) {
            StateEntry e = from.entry(key);
            if (e == null) {
                to.remove(key);
            } else {
                to.put(e);
            }
            replayed++;
            stage.moved();
            if (++done % every(pace) == 0) {
                stopIfAsked();
            }
            if (pace != null) {
                pace.after(done);
            }
        }
        beside(from, to);
    }

    /** What the export carries beside its entries, as it is now; the import keeps the last it gets. */
    private static void beside(EntryExport from, EntryImport to) throws Exception {
        from.forEachBeside(e -> {
            try {
                to.put(e);
            } catch (Throwable ex) {
                throw new ImportFailure(ex);
            }
        });
    }

    /** The export's own count, when it gives one: the total a progress line shows. */
    private static long total(StateExport from) {
        try {
            long n = from.entries();
            return n >= 0 ? n : -1;
        } catch (RuntimeException e) {
            return -1; // a count for progress lines only: never a reason to fail the swap
        }
    }

    private void count(StateEntry e) {
        entries++;
        long b = e.bytes();
        if (b < 0) {
            bytesKnown = false;
        } else {
            bytes += b;
        }
    }

    long entries() {
        return entries;
    }

    long bytes() {
        return bytesKnown ? bytes : -1;
    }

    long replayed() {
        return replayed;
    }

    /** The swap's requester asked it to stop; the message is the requester's reason. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Carries an import's failure (Errors included) out of the export's iteration, naming the import. */
    static final class ImportFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ImportFailure(Throwable cause) {
            super(cause);
        }
    }
}
