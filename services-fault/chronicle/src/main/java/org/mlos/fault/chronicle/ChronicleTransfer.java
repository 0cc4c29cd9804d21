package org.mlos.fault.chronicle;

import java.util.function.Consumer;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.fault.api.JournalPosition;
import org.mlos.fault.api.JournalRecord;

/**
 * The chronicle journal's state in the entries format, the same as the {@code segments}
 * journal's (so either can take the other's): a {@link JournalPosition}, then every record kept,
 * in order, keeping its index. The import refuses records out of order and its check fails unless
 * every announced record arrived.
 */
final class ChronicleTransfer {

    private static final int BATCH = 4096;

    private ChronicleTransfer() {
    }

    static EntryExport export(ChronicleLog log) {
        return new EntryExport() {
            @Override
            public void forEach(Consumer<? super StateEntry> sink) {
                long first = log.firstIndex();
                long next = log.nextIndex();
                sink.accept(new JournalPosition(first, next));
                for (long i = first; i < next;) {
                    i += log.read(i, (int) Math.min(BATCH, next - i), (index, data) -> sink.accept(new JournalRecord(index, data)));
                }
            }

            @Override
            public StateEntry entry(Object key) {
                long index = (Long) key;
                if (index < log.firstIndex() || index >= log.nextIndex()) {
                    return null;
                }
                JournalRecord[] found = new JournalRecord[1];
                log.read(index, 1, (i, data) -> found[0] = new JournalRecord(i, data));
                return found[0];
            }

            @Override
            public long entries() {
                return log.nextIndex() - log.firstIndex();
            }
        };
    }

    static EntryImport into(ChronicleLog log) {
        return new EntryImport() {
            private JournalPosition position;

            @Override
            public void put(StateEntry entry) {
                if (entry instanceof JournalPosition p) {
                    position = p;
                    log.reset(p.firstIndex());
                    return;
                }
                JournalRecord r = (JournalRecord) entry;
                if (position == null) {
                    throw new IllegalStateException("journal record " + r.index()
                            + " arrived before the journal's position: the exporter must send a JournalPosition first");
                }
                if (r.index() != log.nextIndex()) {
                    throw new IllegalStateException("journal record " + r.index() + " arrived where record "
                            + log.nextIndex() + " was expected: records must move in order");
                }
                log.append(r.data());
            }

            @Override
            public void remove(Object key) {
                throw new UnsupportedOperationException("journal records are never removed one by one (record " + key + ")");
            }

            @Override
            public void clear() {
                position = null;
            }

            @Override
            public void check() {
                if (position == null || log.nextIndex() != position.nextIndex()) {
                    throw new IllegalStateException("the journal import is incomplete: expected records up to "
                            + (position == null ? "?" : position.nextIndex() - 1) + ", got up to " + (log.nextIndex() - 1));
                }
            }

            @Override
            public void commit() {
                log.sync();
            }

            @Override
            public void abort() {
                log.reset(0);
            }
        };
    }
}
