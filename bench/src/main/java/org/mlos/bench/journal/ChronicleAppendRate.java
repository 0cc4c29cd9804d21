package org.mlos.bench.journal;

import java.nio.file.Path;

import org.mlos.bench.BenchLine;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.chronicle.ChronicleJournal;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * Appends through the {@code Journal} handle (kernel, {@code chronicle}) against Chronicle's own
 * appender writing the same record to a queue built the same way (roll cycle, block size), side
 * by side in alternating chunks ({@link PairedAppends}), each round into fresh folders,
 * durability {@code none}, one thread; the ratio is the median of the rounds' medians. The kind's path adds the handle, the journal's lock, the 8-byte index each excerpt
 * carries and a copy of the caller's array.
 */
final class ChronicleAppendRate {

    private static final long BLOCK = 64L << 20;

    private final Path work;
    private final int appends;
    private final int recordBytes;
    private final int rounds;

    ChronicleAppendRate(Path work, int appends, int recordBytes, int rounds) {
        this.work = work;
        this.appends = appends;
        this.recordBytes = recordBytes;
        this.rounds = rounds;
    }

    void run() {
        byte[] record = new byte[recordBytes];
        once(work.resolve("chronicle-warm"), record, Math.min(appends, 200_000));
        double kind = 0;
        double raw = 0;
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            PairedAppends.Result r = once(work.resolve("chronicle-round" + round), record, appends);
            kind += r.kindRate();
            raw += r.rawRate();
            ratios[round] = r.medianRatio();
        }
        java.util.Arrays.sort(ratios);
        BenchLine.of("journal").with("impl", "chronicle").with("record_bytes", recordBytes)
                .with("appends_s", Math.round(kind / rounds)).with("raw_chronicle_appends_s", Math.round(raw / rounds))
                .with("ratio_vs_raw", ratios[rounds / 2]).print();
    }

    /** One round: the kind's journal and a raw queue side by side, each in a fresh folder. */
    private PairedAppends.Result once(Path dir, byte[] record, int n) {
        SwapKernel kernel = new SwapKernel();
        Journal journal = kernel.handle(Journal.class);
        ChronicleJournal impl = new ChronicleJournal(dir.resolve("kind"), Durability.NONE, 10, BLOCK);
        kernel.install(Journal.class, "chronicle", impl, 0);
        journal.nextIndex(); // opens the queue outside the timed chunks, as the raw side's is
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.resolve("raw").toFile())
                .rollCycle(RollCycles.FAST_DAILY).blockSize(BLOCK).build(); ExcerptAppender appender = queue.createAppender()) {
            BytesStore<?, ?> bytes = BytesStore.wrap(record);
            return PairedAppends.run(() -> journal.append(record), () -> appender.writeBytes(bytes), n, CHUNK);
        } finally {
            impl.close();
        }
    }

    private static final int CHUNK = 20_000;
}
