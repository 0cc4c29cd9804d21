package org.mlos.bench.journal;

import java.nio.file.Path;

import org.mlos.bench.BenchLine;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.journal.SegmentJournal;
import org.mlos.fault.log.SegmentLog;

/**
 * Appends through the {@code Journal} handle (kernel, {@code segments}) against the same
 * {@link SegmentLog} appended to directly, in alternating rounds of the same count, each into a
 * fresh folder, durability {@code none} (the page cache), one thread.
 */
final class AppendRate {

    private final Path work;
    private final int appends;
    private final int recordBytes;
    private final int rounds;

    AppendRate(Path work, int appends, int recordBytes, int rounds) {
        this.work = work;
        this.appends = appends;
        this.recordBytes = recordBytes;
        this.rounds = rounds;
    }

    void run() {
        byte[] record = new byte[recordBytes];
        double kindNanos = 0;
        double rawNanos = 0;
        for (int r = -1; r < rounds; r++) { // round -1 warms both up, unmeasured
            long k = viaKind(work.resolve("kind" + r), record);
            long w = raw(work.resolve("raw" + r), record);
            if (r >= 0) {
                kindNanos += k;
                rawNanos += w;
            }
        }
        double kindRate = appends * (double) rounds / (kindNanos / 1e9);
        double rawRate = appends * (double) rounds / (rawNanos / 1e9);
        BenchLine.of("journal").with("impl", "segments").with("record_bytes", recordBytes)
                .with("appends_s", Math.round(kindRate)).with("raw_segments_appends_s", Math.round(rawRate))
                .with("ratio_vs_raw", kindRate / rawRate).print();
    }

    private long viaKind(Path dir, byte[] record) {
        SwapKernel kernel = new SwapKernel();
        Journal journal = kernel.handle(Journal.class);
        SegmentJournal impl = new SegmentJournal(new JournalSettings(dir, true, Durability.NONE, 10, SegmentLog.DEFAULT_SEGMENT_BYTES));
        kernel.install(Journal.class, "segments", impl, 0);
        long t0 = System.nanoTime();
        for (int i = 0; i < appends; i++) {
            journal.append(record);
        }
        long t = System.nanoTime() - t0;
        impl.close();
        return t;
    }

    private long raw(Path dir, byte[] record) {
        try (SegmentLog log = new SegmentLog(dir, SegmentLog.DEFAULT_SEGMENT_BYTES)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < appends; i++) {
                log.append(record);
            }
            return System.nanoTime() - t0;
        }
    }
}
