package org.mlos.fault.api;

import java.util.function.Consumer;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;

/**
 * A log's records as state in the entries format, whatever the log: a {@link JournalPosition},
 * then every record kept, in order. Records keep their indexes across a swap (between any two
 * journals on {@link RecordLog}s); the import refuses records out of order and its check fails
 * unless every announced record arrived.
 *
 * @since 1.2
 */
public final class RecordLogTransfer {

    private static final int BATCH = 4096;

    private RecordLogTransfer() {
    }

    /** The records of {@code log}, read while it is held still (a swap holds its callers). */
    public static EntryExport export(RecordLog log) {
        return new EntryExport() {
            @Override
            public void forEach(Consumer<? super StateEntry> sink) {
                long first = log.firstIndex();
                long next = log.nextIndex();
                sink.accept(new JournalPosition(first, next));
                long[] expected = { first };
                for (long i = first; i < next;) {
                    i += log.read(i, (int) Math.min(BATCH, next - i), (index, data) -> {
                        gap(log, expected[0], index);
                        sink.accept(new JournalRecord(index, data));
                        expected[0] = index + 1;
                    });
                }
                gap(log, expected[0], next);
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

    /**
     * A log that left out a record it could not read (a chronicle record failing its checksum):
     * the importer would refuse the gap as records out of order, which said nothing of why.
     */
    private static void gap(RecordLog log, long expected, long got) {
        if (got != expected) {
            throw new IllegalStateException("journal record " + expected + (got - expected > 1 ? " to " + (got - 1) : "")
                    + " in " + log.dir() + " cannot be read (damaged on disk, said in the log): a swap cannot move the"
                    + " journal without it; move the folder away to start the journal empty, or restore it from a backup");
        }
    }

    /** Replaces what {@code log} holds by the records arriving, at their indexes. */
    public static EntryImport into(RecordLog log) {
        return new EntryImport() {
            private JournalPosition position;
            /** The index the next record must have (kept here: a log may count its records slowly). */
            private long expected;

            @Override
            public void put(StateEntry entry) {
                if (entry instanceof JournalPosition p) {
                    position = p;
                    said(() -> log.reset(p.firstIndex()));
                    expected = p.firstIndex();
                    return;
                }
                JournalRecord r = (JournalRecord) entry;
                if (position == null) {
                    throw new IllegalStateException("journal record " + r.index()
                            + " arrived before the journal's position: the exporter must send a JournalPosition first");
                }
                if (r.index() != expected) {
                    throw new IllegalStateException("journal record " + r.index() + " arrived where record "
                            + expected + " was expected: records must move in order");
                }
                long[] at = { -1 };
                said(() -> at[0] = log.append(r.data()));
                if (at[0] != expected) {
                    throw new IllegalStateException("journal record " + r.index() + " was appended at " + at[0]
                            + " in " + log.dir() + ": something else appends to the journal during the import");
                }
                expected++;
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
                said(log::sync);
            }

            @Override
            public void abort() {
                said(() -> log.reset(0));
            }

            /** A write of the import's that the disk refused, said as the journal says a refused write, not as it came. */
            private void said(Runnable write) {
                JournalRefusals.importing(log.dir(), () -> {
                    write.run();
                    return null;
                });
            }
        };
    }
}
