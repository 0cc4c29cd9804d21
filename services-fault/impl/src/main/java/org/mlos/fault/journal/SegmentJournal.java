package org.mlos.fault.journal;

import java.util.ArrayList;
import java.util.List;

import org.mlos.core.api.Kernel;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.JournalRecord;
import org.mlos.fault.log.SegmentLog;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code segments}: the journal in memory-mapped segment files of its own
 * ({@code <mlos.fault.dir>/journal/segments}), no dependency but the JDK. Its files are opened
 * on the first call: a node whose kernel makes it the active journal but never writes to it
 * creates no file.
 */
@Component(service = Journal.class, property = Kernel.IMPL + "=segments")
public final class SegmentJournal implements Journal, Transferable {

    private JournalSettings settings;
    private volatile SegmentLog log;
    private DurableWrites writes;

    /** For DS. */
    public SegmentJournal() {
    }

    /** For plain Java and tests: the journal in {@code settings.dir()/journal/segments}. */
    public SegmentJournal(JournalSettings settings) {
        this.settings = settings;
    }

    @Activate
    void activate(BundleContext context) {
        settings = JournalSettings.from(context::getProperty);
    }

    private SegmentLog log() {
        SegmentLog l = log;
        return l != null ? l : open();
    }

    private synchronized SegmentLog open() {
        if (log == null) {
            java.nio.file.Path base = settings.dirOrTemporary();
            if (!settings.dirGiven()) {
                System.getLogger(SegmentJournal.class.getName()).log(System.Logger.Level.WARNING,
                        "journal in the temporary folder " + base + ": set mlos.fault.dir to keep it across restarts");
            }
            SegmentLog l = new SegmentLog(base.resolve("journal").resolve("segments"), settings.segmentBytes());
            writes = new DurableWrites(l, settings.durability(), settings.batchMillis());
            log = l;
        }
        return log;
    }

    @Deactivate
    public synchronized void close() {
        if (log != null) {
            writes.close();
            log.close();
        }
    }

    @Override
    public long append(byte[] record) {
        long index = log().append(record);
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
        return JournalTransfer.export(log());
    }

    @Override
    public StateImport importState(String format) {
        return JournalTransfer.into(log());
    }
}
