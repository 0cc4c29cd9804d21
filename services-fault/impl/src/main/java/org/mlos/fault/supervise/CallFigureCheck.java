package org.mlos.fault.supervise;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.mlos.core.api.CallFigures;
import org.mlos.core.api.Kernel;
import org.mlos.core.api.KindInfo;

/**
 * The health check every counted kind gets: the kernel's call figures (calls, calls that threw,
 * time in calls) of the callers' own calls since a swap, against those of the window before it.
 * Sampled at every supervisor poll, so the figures before a swap are at hand when it is seen.
 * Kinds whose calls the kernel does not count ({@code countCalls} off, the default) have no
 * figures and pass; they rely on their own {@code HealthCheck}s.
 *
 * <p>Fails when, over at least {@value #MIN_CALLS} calls since the swap, the error rate is above
 * {@value #ERROR_SLACK} more than before (from 0% before: above 5%), or the mean call time is
 * above {@value #LATENCY_FACTOR}× before plus 1 ms (compared only with {@value #MIN_CALLS} calls on
 * each side). Calls the implementation refused because its storage did are not failures of its own
 * ({@link org.mlos.fault.api.StorageRefusals}), and their time is left out of the mean (their
 * share of the time of the calls that threw): a full disk's refusals, each a mapped page's fault
 * handled, took 1.7 ms a call on a slow machine and failed the probation as slow. A call that
 * fails slowly for a reason of its own (a timeout) still counts in the mean.
 */
final class CallFigureCheck {

    static final int MIN_CALLS = 20;
    static final double ERROR_SLACK = 0.05;
    static final double LATENCY_FACTOR = 10;
    private static final long LATENCY_SLACK_NANOS = 1_000_000;

    private record Sample(long at, CallFigures figures) {
    }

    private final Kernel kernel;
    private final long windowMillis;
    private final Map<String, Deque<Sample>> samples = new HashMap<>();
    /** Per kind on probation: the figures before the swap and those at its start. */
    private final Map<String, CallFigures[]> probations = new HashMap<>();

    /** @param windowMillis how far back "before the swap" reaches */
    CallFigureCheck(Kernel kernel, long windowMillis) {
        this.kernel = kernel;
        this.windowMillis = windowMillis;
    }

    /** Records every counted kind's figures now, keeping one window's worth. */
    void sample(long now) {
        for (KindInfo k : kernel.kinds()) {
            Optional<CallFigures> f = kernel.callFigures(k.kind());
            if (f.isEmpty()) {
                samples.remove(k.kind());
                continue;
            }
            Deque<Sample> d = samples.computeIfAbsent(k.kind(), x -> new ArrayDeque<>());
            d.addLast(new Sample(now, f.get()));
            while (d.size() > 2 && d.peekFirst().at() < now - windowMillis) {
                d.pollFirst();
            }
        }
    }

    /** A swap of {@code kind} completed: what came before it is the baseline from now on. */
    void swapped(String kind) {
        Deque<Sample> d = samples.get(kind);
        Optional<CallFigures> now = kernel.callFigures(kind);
        if (d == null || d.isEmpty() || now.isEmpty()) {
            probations.remove(kind);
            return;
        }
        CallFigures before = d.peekLast().figures().minus(d.peekFirst().figures());
        probations.put(kind, new CallFigures[] { before, now.get() });
    }

    void ended(String kind) {
        probations.remove(kind);
    }

    /**
     * Why the implementation on probation is unhealthy by its callers' calls, or null.
     *
     * @param speedComparable false: judge the error rate only (the swap changed where the kind runs)
     * @param refusedByStorage calls since the swap the implementation refused because its storage
     *        did: subtracted from the failures (the gate counted them as any call that threw)
     */
    String unhealthy(String kind, boolean speedComparable, long refusedByStorage) {
        CallFigures[] p = probations.get(kind);
        Optional<CallFigures> now = kernel.callFigures(kind);
        if (p == null || now.isEmpty()) {
            return null;
        }
        CallFigures before = p[0];
        CallFigures counted = now.get().minus(p[1]);
        long excused = Math.min(refusedByStorage, counted.failures());
        CallFigures since = new CallFigures(counted.calls(), counted.failures() - excused, counted.nanos());
        if (since.calls() < MIN_CALLS) {
            return null;
        }
        if (since.errorRate() > before.errorRate() + ERROR_SLACK) {
            return String.format("error rate %.1f%% (%d of %d calls threw since the swap%s; %.1f%% before it)",
                    since.errorRate() * 100, since.failures(), since.calls(),
                    excused == 0 ? "" : ", not counting " + excused + " its storage refused", before.errorRate() * 100);
        }
        // the refusals' share of the failed calls' time: which failed call took how long is not counted
        long excusedNanos = counted.failures() == 0 ? 0 : Math.round((double) counted.failureNanos() * excused / counted.failures());
        long judged = counted.calls() - excused;
        double mean = judged <= 0 ? 0 : (double) (counted.nanos() - excusedNanos) / judged;
        if (speedComparable && before.calls() >= MIN_CALLS && judged >= MIN_CALLS
                && mean > before.meanNanos() * LATENCY_FACTOR + LATENCY_SLACK_NANOS) {
            return String.format("mean call time %.3f ms over %d calls since the swap%s, %.3f ms before it", mean / 1e6, judged,
                    excused == 0 ? "" : " (not counting " + excused + " its storage refused)", before.meanNanos() / 1e6);
        }
        return null;
    }
}
