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
 * appender writing the same record to a queue built the same way (roll cycle, block size), in
 * alternating rounds of the same count, each into a fresh folder, durability {@code none}, one
 * thread. The kind's path adds the handle, the journal's lock, the 8-byte index each excerpt
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
        double kindNanos = 0;
        double rawNanos = 0;
        for (int r = -1; r < rounds; r++) { // round -1 warms both up, unmeasured
            long k = viaKind(work.resolve("chronicle-kind" + r), record);
            long w = raw(work.resolve("chronicle-raw" + r), record);
            if (r >= 0) {
                kindNanos += k;
                rawNanos += w;
            }
        }
        double kindRate = appends * (double) rounds / (kindNanos / 1e9);
        double rawRate = appends * (double) rounds / (rawNanos / 1e9);
        BenchLine.of("journal").with("impl", "chronicle").with("record_bytes", recordBytes)
                .with("appends_s", Math.round(kindRate)).with("raw_chronicle_appends_s", Math.round(rawRate))
                .with("ratio_vs_raw", kindRate / rawRate).print();
    }

    private long viaKind(Path dir, byte[] record) {
        SwapKernel kernel = new SwapKernel();
        Journal journal = kernel.handle(Journal.class);
        ChronicleJournal impl = new ChronicleJournal(dir, Durability.NONE, 10, BLOCK);
        kernel.install(Journal.class, "chronicle", impl, 0);
        journal.nextIndex(); // opens the queue outside the timed loop, as the raw side does
        long t0 = System.nanoTime();
        for (int i = 0; i < appends; i++) {
            journal.append(record);
        }
        long t = System.nanoTime() - t0;
        impl.close();
        return t;
    }

    private long raw(Path dir, byte[] record) {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.toFile()).rollCycle(RollCycles.FAST_DAILY)
                .blockSize(BLOCK).build(); ExcerptAppender appender = queue.createAppender()) {
            BytesStore<?, ?> bytes = BytesStore.wrap(record);
            long t0 = System.nanoTime();
            for (int i = 0; i < appends; i++) {
                appender.writeBytes(bytes);
            }
            return System.nanoTime() - t0;
        }
    }
}
