package org.mlos.bench.pause;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;

/**
 * Callers at full speed (90% reads, 10% increments) while swaps go back and forth between two
 * implementations.
 *
 * <ul>
 * <li>A swap's <em>stall</em> is how long it held callers: the report's pause, from the moment
 *     new calls are held to their release. No caller can be blocked by the swap for longer.</li>
 * <li>A swap's <em>call latency</em> is the slowest call that overlapped it, as the callers saw
 *     it: the stall plus whatever else slowed them, above all being preempted, since two callers
 *     and the swapping thread share two cores. The same figure for windows of the same length
 *     in which the thread only spins, with no swap, is the <em>baseline</em>.</li>
 * <li>{@code lost} counts acknowledged increments missing from (or doubled in) the final state.</li>
 * </ul>
 */
public final class PauseRun {

    /** The kind under test, through its handle. */
    public interface Target {
        long add(long key, long delta);

        long get(long key);
    }

    /** What one run measured. */
    public record Result(int swaps, double stallP50Us, double stallP99Us, double stallMaxUs, double swapMsP50,
            double callP99Us, double callMaxUs, double baselineCallP99Us, long lost, long failedCalls,
            long failedSwaps, long calls) {
    }

    private final Kernel kernel;
    private final String kind;
    private final Target target;
    private final int entries;
    private final int callers;
    private final AtomicLong swapSeq = new AtomicLong();

    public PauseRun(Kernel kernel, String kind, Target target, int entries, int callers) {
        this.kernel = kernel;
        this.kind = kind;
        this.target = target;
        this.entries = entries;
        this.callers = callers;
    }

    public Result run(int swaps, String implA, String implB) throws InterruptedException {
        return run(swaps, List.of(implA, implB));
    }

    /** Swaps through the implementations in turn, starting with the second (the first is active). */
    public Result run(int swaps, List<String> impls) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failed = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        long[][] acked = new long[callers][entries];
        long[][] stallNanos = new long[callers][2 * swaps + 1];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            long[] myAcks = acked[t];
            long[] myStalls = stallNanos[t];
            threads.add(Thread.ofPlatform().name("caller-" + t).start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long n = 0;
                while (!stop.get()) {
                    int key = rnd.nextInt(entries);
                    boolean write = rnd.nextInt(10) == 0;
                    long s1 = swapSeq.get();
                    long t0 = System.nanoTime();
                    try {
                        if (write) {
                            target.add(key, 1);
                            myAcks[key]++;
                        } else {
                            target.get(key);
                        }
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                    long d = System.nanoTime() - t0;
                    long s2 = swapSeq.get();
                    if ((s1 & 1) == 1 || s2 != s1) {
                        int i = (int) Math.min(s1 / 2, 2 * swaps);
                        if (d > myStalls[i]) {
                            myStalls[i] = d;
                        }
                    }
                    n++;
                }
                calls.addAndGet(n);
            }));
        }
        Thread.sleep(200); // let the callers reach full speed
        List<SwapReport> reports = new ArrayList<>(swaps);
        for (int i = 0; i < swaps; i++) {
            swapSeq.incrementAndGet();
            reports.add(kernel.swap(kind, impls.get((i + 1) % impls.size())));
            swapSeq.incrementAndGet();
            Thread.sleep(1);
        }
        double[] swapMs = reports.stream().mapToDouble(r -> r.totalMicros() / 1000.0).sorted().toArray();
        // The same number of windows, as long as a median swap, with the thread busy but no swap.
        long window = (long) (percentile(swapMs, 0.5) * 1_000_000);
        for (int i = 0; i < swaps; i++) {
            swapSeq.incrementAndGet();
            long end = System.nanoTime() + window;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            swapSeq.incrementAndGet();
            Thread.sleep(1);
        }
        Thread.sleep(20);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }

        long lost = 0;
        for (int k = 0; k < entries; k++) {
            long expected = 0;
            for (long[] a : acked) {
                expected += a[k];
            }
            lost += Math.abs(expected - target.get(k));
        }
        double[] callsUs = windowMaxima(stallNanos, 0, swaps);
        double[] baselineUs = windowMaxima(stallNanos, swaps, 2 * swaps);
        double[] stallsUs = reports.stream().mapToDouble(r -> (double) r.pauseMicros()).sorted().toArray();
        long failedSwaps = reports.stream().filter(r -> r.outcome() != SwapOutcome.COMPLETED).count();
        return new Result(swaps, percentile(stallsUs, 0.50), percentile(stallsUs, 0.99), stallsUs[swaps - 1],
                percentile(swapMs, 0.50), percentile(callsUs, 0.99), callsUs[swaps - 1],
                percentile(baselineUs, 0.99), lost, failed.get(), failedSwaps, calls.get());
    }

    /** Per window, the slowest call of any caller that overlapped it (µs), sorted. */
    private static double[] windowMaxima(long[][] perCaller, int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            long max = 0;
            for (long[] s : perCaller) {
                max = Math.max(max, s[i]);
            }
            out[i - from] = max / 1000.0;
        }
        Arrays.sort(out);
        return out;
    }

    static double percentile(double[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
