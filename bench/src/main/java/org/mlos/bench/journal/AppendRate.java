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
 * {@link SegmentLog} appended to directly, side by side in alternating chunks
 * ({@link PairedAppends}), each round into fresh folders, durability {@code none} (the page
 * cache), one thread; the ratio is the median of the rounds' medians.
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
        // warm-up: both paths compiled before anything is timed
        once(work.resolve("warm"), record, Math.min(appends, 200_000));
        PairedAppends.Result r = null;
        double kind = 0;
        double raw = 0;
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            r = once(work.resolve("round" + round), record, appends);
            kind += r.kindRate();
            raw += r.rawRate();
            ratios[round] = r.medianRatio();
        }
        java.util.Arrays.sort(ratios);
        BenchLine.of("journal").with("impl", "segments").with("record_bytes", recordBytes)
                .with("appends_s", Math.round(kind / rounds)).with("raw_segments_appends_s", Math.round(raw / rounds))
                .with("ratio_vs_raw", ratios[rounds / 2]).print();
    }

    /** One round: the kind's journal and a raw log side by side, each in a fresh folder. */
    private PairedAppends.Result once(Path dir, byte[] record, int n) {
        SwapKernel kernel = new SwapKernel();
        Journal journal = kernel.handle(Journal.class);
        SegmentJournal impl = new SegmentJournal(new JournalSettings(dir.resolve("kind"), true, Durability.NONE, 10,
                SegmentLog.DEFAULT_SEGMENT_BYTES));
        kernel.install(Journal.class, "segments", impl, 0);
        journal.nextIndex(); // opens the files outside the timed chunks, as the raw log is
        try (SegmentLog log = new SegmentLog(dir.resolve("raw"), SegmentLog.DEFAULT_SEGMENT_BYTES)) {
            return PairedAppends.run(() -> journal.append(record), () -> log.append(record), n, CHUNK);
        } finally {
            impl.close();
        }
    }

    private static final int CHUNK = 20_000;
}
