package org.mlos.core.kernel;

import java.util.Set;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateImport;

/** Moves state from an export to an import, counting what it moved. */
final class StateCopy {

    private long entries;
    private long bytes;
    private boolean bytesKnown = true;
    private long replayed;

    /** Copies everything: entries one by one, or a direct format in one load. */
    void all(StateExport from, StateImport to) throws Exception {
        if (from instanceof EntryExport source) {
            EntryImport sink = (EntryImport) to;
            source.forEach(e -> {
                try {
                    sink.put(e);
                } catch (Throwable ex) {
                    throw new ImportFailure(ex);
                }
                count(e);
            });
        } else {
            to.load(from);
            entries = from.entries();
            bytes = from.bytes();
            bytesKnown = bytes >= 0;
        }
    }

    /** After a live copy: brings the keys changed meanwhile up to date, or copies all again. */
    void replay(DirtyLog log, EntryExport from, EntryImport to) throws Exception {
        if (log.all()) {
            to.clear();
            entries = 0;
            bytes = 0;
            all(from, to);
            return;
        }
        Set<Object> keys = log.keys();
        for (Object key : keys) {
            StateEntry e = from.entry(key);
            if (e == null) {
                to.remove(key);
            } else {
                to.put(e);
            }
            replayed++;
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

    /** Carries an import's failure (Errors included) out of the export's iteration, naming the import. */
    static final class ImportFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ImportFailure(Throwable cause) {
            super(cause);
        }
    }
}
