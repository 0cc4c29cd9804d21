package org.mlos.core.api;

/**
 * A kind's call figures since the kernel began counting its calls: how many calls went through
 * the handle, how many of them threw, and the time spent in them. Health checks compare the
 * figures of a window after a swap with those of a window before it ({@link #minus}).
 *
 * @param calls        calls counted
 * @param failures     calls that threw
 * @param nanos        time spent in the outermost counted calls
 * @param failureNanos the part of {@code nanos} spent in outermost calls that threw: a health
 *                     check can leave out the time of calls refused for a reason not the
 *                     implementation's (a full disk's faults), and judge the rest
 */
public record CallFigures(long calls, long failures, long nanos, long failureNanos) {

    /** Figures without the time of failed calls told apart (it counts as 0). */
    public CallFigures(long calls, long failures, long nanos) {
        this(calls, failures, nanos, 0);
    }

    /** The figures of the calls between {@code earlier} and these. */
    public CallFigures minus(CallFigures earlier) {
        return new CallFigures(calls - earlier.calls, failures - earlier.failures, nanos - earlier.nanos,
                failureNanos - earlier.failureNanos);
    }

    /** Failures per call, 0 with no calls. */
    public double errorRate() {
        return calls == 0 ? 0 : (double) failures / calls;
    }

    /** Mean time per call in nanoseconds, 0 with no calls. */
    public double meanNanos() {
        return calls == 0 ? 0 : (double) nanos / calls;
    }
}
