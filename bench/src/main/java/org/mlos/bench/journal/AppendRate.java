package org.mlos.bench.journal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BiFunction;

import org.mlos.bench.BenchLine;

/**
 * Appends through the {@code Journal} handle (kernel) against the same implementation's raw
 * writer, side by side in alternating chunks ({@link PairedAppends}), each round into fresh
 * folders, durability {@code none} (the page cache), one thread; the ratio is the median of the
 * rounds' medians. The two sides of each implementation are in {@link AppendSides}.
 */
final class AppendRate {

    private static final int CHUNK = 20_000;

    private final String impl;
    private final BiFunction<Path, byte[], AppendSides> sides;
    private final Path work;
    private final int appends;
    private final int recordBytes;
    private final int rounds;

    /**
     * @param sides opens a round's two writers in a fresh folder, appending the record given
     */
    AppendRate(String impl, BiFunction<Path, byte[], AppendSides> sides, Path work, int appends, int recordBytes, int rounds) {
        this.impl = impl;
        this.sides = sides;
        this.work = work;
        this.appends = appends;
        this.recordBytes = recordBytes;
        this.rounds = rounds;
    }

    void run() {
        byte[] record = new byte[recordBytes];
        // warm-up: both paths compiled before anything is timed
        once(work.resolve(impl + "-warm"), record, Math.min(appends, 200_000));
        double kind = 0;
        double raw = 0;
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            PairedAppends.Result r = once(work.resolve(impl + "-round" + round), record, appends);
            kind += r.kindRate();
            raw += r.rawRate();
            ratios[round] = r.medianRatio();
        }
        Arrays.sort(ratios);
        BenchLine.of("journal").with("impl", impl).with("record_bytes", recordBytes)
                .with("appends_s", Math.round(kind / rounds)).with("raw_" + impl + "_appends_s", Math.round(raw / rounds))
                .with("ratio_vs_raw", ratios[rounds / 2]).print();
    }

    private PairedAppends.Result once(Path dir, byte[] record, int n) {
        try (AppendSides s = sides.apply(dir, record)) {
            return PairedAppends.run(s.kind(), s.raw(), n, CHUNK);
        }
    }
}
