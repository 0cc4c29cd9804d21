package org.mlos.bench.journal;

import java.util.Arrays;

/**
 * Appends to two writers side by side in short alternating chunks (the order flipped every
 * chunk), so that both see the same machine: on a shared, loaded machine whole-round figures
 * swung the ratio from 0.5 to 1.3 between runs. The ratio is the median of the chunks' own
 * ratios; the rates are the totals'.
 */
final class PairedAppends {

    /** One writer's append, as the benchmark drives it. */
    interface Writer {
        void append();
    }

    record Result(double kindRate, double rawRate, double medianRatio) {
    }

    private PairedAppends() {
    }

    /**
     * @param appends appends per writer in all
     * @param chunk   appends per chunk (one timed stretch)
     */
    static Result run(Writer kind, Writer raw, int appends, int chunk) {
        int chunks = Math.max(1, appends / chunk);
        double[] ratios = new double[chunks];
        long kindNanos = 0;
        long rawNanos = 0;
        for (int c = 0; c < chunks; c++) {
            long k;
            long r;
            if ((c & 1) == 0) {
                k = timed(kind, chunk);
                r = timed(raw, chunk);
            } else {
                r = timed(raw, chunk);
                k = timed(kind, chunk);
            }
            kindNanos += k;
            rawNanos += r;
            ratios[c] = (double) r / k;
        }
        Arrays.sort(ratios);
        double median = chunks % 2 == 1 ? ratios[chunks / 2] : (ratios[chunks / 2 - 1] + ratios[chunks / 2]) / 2;
        long total = (long) chunks * chunk;
        return new Result(total / (kindNanos / 1e9), total / (rawNanos / 1e9), median);
    }

    private static long timed(Writer w, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            w.append();
        }
        return System.nanoTime() - t0;
    }
}
