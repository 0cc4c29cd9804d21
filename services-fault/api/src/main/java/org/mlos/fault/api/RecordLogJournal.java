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
 * <p>A write its storage refuses (a full or failing disk: a mapped file's fault reads "a fault
 * occurred in an unsafe memory access operation", naming neither disk nor folder) is answered
 * with an {@link java.io.UncheckedIOException} that says so and names the folder, logged as the
 * durable store's are ({@link JournalRefusals}), and counted in {@link #refusals()}, which the
 * implementation registers for the swap supervisor: a swap between two journals on a full disk is
 * then not swapped back by its error rate, as the disk, not the implementation, fails.
 *
 * @since 1.2
 */
public abstract class RecordLogJournal implements Journal, Transferable {

    private volatile RecordLog log;
    private final JournalRefusals refusals = new JournalRefusals(System.getLogger(getClass().getName()), "journal",
            "not acknowledged");
    private DurableWrites writes;
    private java.nio.file.Path temporary;

    /** Opens (creating) the log; called once, on the first call. */
    protected abstract RecordLog openLog();

    /**
     * The folder the log opens in, named when the disk refuses the open itself (a full disk
     * refusing the first segment's blocks): that refusal is then said, counted and logged as a
     * refused write is. Null (the default): not known, and such a failure reaches the caller as
     * it was thrown.
     *
     * @since 1.7
     */
    protected java.nio.file.Path folder() {
        return null;
    }

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

    /**
     * The calls this journal answered with an error because its storage refused them: register
     * it as a {@link StorageRefusals} service ({@link #refusalProperties}).
     *
     * @since 1.6
     */
    public final StorageRefusals refusals() {
        return refusals;
    }

    /**
     * The service properties of {@link #refusals()} for the implementation named {@code impl}.
     *
     * @since 1.6
     */
    public static java.util.Map<String, Object> refusalProperties(String impl) {
        return java.util.Map.of(StorageRefusals.KIND, Journal.class.getName(), StorageRefusals.IMPL, impl);
    }

    @Override
    public long append(byte[] record) {
        RecordLog l = logToWrite();
        try {
            long index = l.append(record);
            writes.appended(index);
            return index;
        } catch (RuntimeException | Error e) {
            if (!JournalRefusals.byStorage(e)) {
                throw e;
            }
            throw refused(e, l);
        }
    }

    /**
     * The log for a write. An open the disk refuses was thrown as it came, not counted for the
     * swap supervisor and not in the node's log as the refusals of the open log's writes are.
     */
    private RecordLog logToWrite() {
        try {
            return log();
        } catch (RuntimeException | Error e) {
            java.nio.file.Path dir = folder();
            if (dir == null || !JournalRefusals.diskFullOrFailing(e)) {
                throw e;
            }
            throw refused(e, dir);
        }
    }

    /** A refusal by {@code l}'s storage as the caller should see it, counted and logged. */
    private java.io.UncheckedIOException refused(Throwable e, RecordLog l) {
        return refused(e, l.dir());
    }

    private java.io.UncheckedIOException refused(Throwable e, java.nio.file.Path dir) {
        String why = refusals.refused(e, dir, System.nanoTime());
        return new java.io.UncheckedIOException("the journal refused the write: " + why, new java.io.IOException(e));
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
        RecordLog l = logToWrite();
        try {
            l.sync();
        } catch (RuntimeException | Error e) {
            if (!JournalRefusals.byStorage(e)) {
                throw e;
            }
            throw refused(e, l);
        }
    }

    @Override
    public void roll() {
        RecordLog l = logToWrite();
        try {
            l.roll();
        } catch (RuntimeException | Error e) {
            if (!JournalRefusals.byStorage(e)) {
                throw e;
            }
            throw refused(e, l);
        }
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
        RecordLog l = JournalRefusals.importing(folder(), this::log);
        return RecordLogTransfer.into(l);
    }
}
