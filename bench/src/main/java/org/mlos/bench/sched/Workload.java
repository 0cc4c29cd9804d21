package org.mlos.bench.sched;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One kind of work a scheduler is given: runs {@code tasks} tasks through an executor and
 * returns tasks/s and the p50 and p99 latency from each task's submission to its start (µs).
 */
interface Workload {

    /** The name in the BENCH lines ({@code workload=...}). */
    String name();

    double[] measure(Submit submit, int tasks) throws InterruptedException;

    /** How long a run may take before the bench calls the executor stuck (a lost task hangs a count-bounded run). */
    long STUCK_SECONDS = 300;

    /** tasks/s, p50 µs, p99 µs of one run. */
    static double[] figures(long[] latency, long elapsedNanos) {
        long[] sorted = latency.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return new double[] { n / (elapsedNanos / 1e9), sorted[n / 2] / 1000.0, sorted[(int) (n * 0.99)] / 1000.0 };
    }

    static void await(CountDownLatch done, String what) throws InterruptedException {
        if (!done.await(STUCK_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + ": " + done.getCount() + " still unfinished after " + STUCK_SECONDS
                    + " s: the executor lost tasks or is stuck");
        }
    }
}
