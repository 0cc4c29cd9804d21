package org.mlos.fault.api;

import java.util.ArrayList;
import java.util.List;

import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;

/**
 * A {@link Journal} kept in a {@link RecordLog}, what every journal implementation shares: the
 * log opened on the first call (a node that never writes creates no file), the durability applied
 * after each append ({@link DurableWrites}), and the records moving in a swap with their indexes
 * ({@link RecordLogTransfer}), so that any two such journals swap into each other. An
 * implementation says only how its log is opened.
 *
 * @since 1.2
 */
public abstract class RecordLogJournal implements Journal, Transferable {

    private volatile RecordLog log;
    private DurableWrites writes;
    private java.nio.file.Path temporary;

    /** Opens (creating) the log; called once, on the first call. */
    protected abstract RecordLog openLog();

    /** How durable an appended record is when {@link #append} returns. */
    protected abstract Durability durability();

    /** The bound of {@link Durability#BATCH}, in milliseconds. */
    protected abstract long batchMillis();

    /** The log, opened on the first call. */
    protected final RecordLog log() {
        RecordLog l = log;
        return l != null ? l : open();
    }

    private synchronized RecordLog open() {
        if (log == null) {
            RecordLog l = openLog();
            writes = new DurableWrites(l, durability(), batchMillis());
            log = l;
        }
        return log;
    }

    /**
     * A new temporary folder, for a node that named no {@value Durability#DIR_PROPERTY}: what it
     * holds is deleted with it when the journal closes (a restarted node would not find it), so
     * nodes and tests run without one leave nothing behind.
     *
     * @since 1.3
     */
    protected final synchronized java.nio.file.Path temporaryFolder() {
        if (temporary == null) {
            try {
                temporary = java.nio.file.Files.createTempDirectory("mlos-fault-");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create a temporary folder for the journal; set "
                        + Durability.DIR_PROPERTY, e);
            }
            System.getLogger(getClass().getName()).log(System.Logger.Level.WARNING, "journal in the temporary folder "
                    + temporary + ", deleted when it closes: set " + Durability.DIR_PROPERTY + " to keep it across restarts");
        }
        return temporary;
    }

    /** Stops the flusher and closes the log, if it was opened; deletes its {@link #temporaryFolder}, if it has one. */
    public synchronized void close() {
        if (log != null) {
            writes.close();
            log.close();
        }
        if (temporary != null) {
            deleteTree(temporary);
            temporary = null;
        }
    }

    private static void deleteTree(java.nio.file.Path root) {
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(root)) {
            for (java.nio.file.Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            System.getLogger(RecordLogJournal.class.getName()).log(System.Logger.Level.WARNING,
                    "could not delete the journal's temporary folder " + root + ": " + e);
        }
    }

    @Override
    public long append(byte[] record) {
        RecordLog l = log();
        long index = l.append(record);
        writes.appended(index);
        return index;
    }

    @Override
    public List<JournalRecord> read(long fromIndex, int max) {
        List<JournalRecord> out = new ArrayList<>(Math.min(max, 1024));
        log().read(fromIndex, max, (index, data) -> out.add(new JournalRecord(index, data)));
        return out;
    }

    @Override
    public long firstIndex() {
        return log().firstIndex();
    }

    @Override
    public long nextIndex() {
        return log().nextIndex();
    }

    @Override
    public void sync() {
        log().sync();
    }

    @Override
    public void roll() {
        log().roll();
    }

    @Override
    public long retainFrom(long index) {
        return log().retainFrom(index);
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
        return RecordLogTransfer.export(log());
    }

    @Override
    public StateImport importState(String format) {
        return RecordLogTransfer.into(log());
    }
}
