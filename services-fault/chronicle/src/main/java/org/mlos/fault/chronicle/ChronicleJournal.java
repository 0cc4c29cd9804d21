package org.mlos.fault.chronicle;

import java.util.ArrayList;
import java.util.List;

import org.mlos.core.api.Kernel;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.JournalRecord;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code chronicle}: the journal on Chronicle Queue ({@code <mlos.fault.dir>/journal/chronicle}),
 * embedded in this bundle. Opened on the first call, so a node that carries it and never writes
 * creates no file. Durability as the {@code segments} journal's: {@code sync} forces the cycle
 * file before {@link #append} returns, {@code batch} every bound on a thread of its own.
 */
@Component(service = Journal.class, property = Kernel.IMPL + "=chronicle")
public final class ChronicleJournal implements Journal, Transferable {

    private ChronicleSettings settings;
    private volatile ChronicleLog log;
    private BatchFlusher flusher;

    /** For DS. */
    public ChronicleJournal() {
    }

    ChronicleJournal(ChronicleSettings settings) {
        this.settings = settings;
    }

    /**
     * For plain Java (benchmarks, tests): the journal in {@code dir/journal/chronicle}.
     *
     * @param blockBytes Chronicle's block size; a record may take a quarter of it
     */
    public ChronicleJournal(java.nio.file.Path dir, Durability durability, long batchMillis, long blockBytes) {
        this(new ChronicleSettings(dir, durability, batchMillis, blockBytes));
    }

    @Activate
    void activate(BundleContext context) {
        settings = ChronicleSettings.from(context::getProperty);
    }

    private ChronicleLog log() {
        ChronicleLog l = log;
        return l != null ? l : open();
    }

    private synchronized ChronicleLog open() {
        if (log == null) {
            ChronicleLog l = new ChronicleLog(settings.queueDir(), settings.blockBytes());
            if (settings.durability() == Durability.BATCH) {
                flusher = new BatchFlusher(l, settings.batchMillis());
            }
            log = l;
        }
        return log;
    }

    @Deactivate
    public synchronized void close() {
        if (flusher != null) {
            flusher.close();
        }
        if (log != null) {
            log.close();
        }
    }

    @Override
    public long append(byte[] record) {
        ChronicleLog l = log();
        long index = l.append(record);
        if (settings.durability() == Durability.SYNC) {
            l.sync();
        }
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
        return ChronicleTransfer.export(log());
    }

    @Override
    public StateImport importState(String format) {
        return ChronicleTransfer.into(log());
    }
}
