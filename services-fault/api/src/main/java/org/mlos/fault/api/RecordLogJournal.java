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

    /** Stops the flusher and closes the log, if it was opened. */
    public synchronized void close() {
        if (log != null) {
            writes.close();
            log.close();
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
