package org.mlos.bench.journal;

import java.nio.file.Path;

import org.mlos.core.kernel.SwapKernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.RecordLogJournal;
import org.mlos.fault.chronicle.ChronicleJournal;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.journal.SegmentJournal;
import org.mlos.fault.log.SegmentLog;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * One round's two writers of an implementation: its journal through a kernel's {@code Journal}
 * handle, and the raw writer under it, each in a fresh folder.
 */
final class AppendSides implements AutoCloseable {

    private static final long CHRONICLE_BLOCK = 64L << 20;

    private final PairedAppends.Writer kind;
    private final PairedAppends.Writer raw;
    private final AutoCloseable[] closing;

    private AppendSides(PairedAppends.Writer kind, PairedAppends.Writer raw, AutoCloseable... closing) {
        this.kind = kind;
        this.raw = raw;
        this.closing = closing;
    }

    PairedAppends.Writer kind() {
        return kind;
    }

    PairedAppends.Writer raw() {
        return raw;
    }

    /** {@code segments} against the {@link SegmentLog} it writes. */
    static AppendSides segments(Path dir, byte[] record) {
        SegmentJournal impl = new SegmentJournal(new JournalSettings(dir.resolve("kind"), true, Durability.NONE, 10,
                SegmentLog.DEFAULT_SEGMENT_BYTES));
        Journal journal = handle("segments", impl);
        SegmentLog log = new SegmentLog(dir.resolve("raw"), SegmentLog.DEFAULT_SEGMENT_BYTES);
        return new AppendSides(() -> journal.append(record), () -> log.append(record), impl::close, log);
    }

    /**
     * {@code chronicle} against Chronicle's own appender writing the same record to a queue
     * built the same way (roll cycle, block size). The kind's path adds the handle, the 8-byte
     * index a cycle's first excerpt carries, a copy of the caller's array into the excerpt and the
     * look-up of the thread's own appender.
     */
    static AppendSides chronicle(Path dir, byte[] record) {
        ChronicleJournal impl = new ChronicleJournal(dir.resolve("kind"), Durability.NONE, 10, CHRONICLE_BLOCK);
        Journal journal = handle("chronicle", impl);
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.resolve("raw").toFile())
                .rollCycle(RollCycles.FAST_DAILY).blockSize(CHRONICLE_BLOCK).build();
        ExcerptAppender appender = queue.createAppender();
        BytesStore<?, ?> bytes = BytesStore.wrap(record);
        return new AppendSides(() -> journal.append(record), () -> appender.writeBytes(bytes), impl::close, appender, queue);
    }

    private static Journal handle(String name, RecordLogJournal impl) {
        SwapKernel kernel = new SwapKernel();
        Journal journal = kernel.handle(Journal.class);
        kernel.install(Journal.class, name, impl, 0);
        journal.nextIndex(); // opens the files outside the timed chunks, as the raw side's are
        return journal;
    }

    @Override
    public void close() {
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close a benchmark writer: " + e, e);
            }
        }
    }
}
