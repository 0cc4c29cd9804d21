package org.mlos.core.api;

/**
 * A kind's call figures since the kernel began counting its calls: how many calls went through
 * the handle, how many of them threw, and the time spent in them. Health checks compare the
 * figures of a window after a swap with those of a window before it ({@link #minus}).
 *
 * @param calls    calls counted
 * @param failures calls that threw
 * @param nanos    time spent in the outermost counted calls
 */
public record CallFigures(long calls, long failures, long nanos) {

    /** The figures of the calls between {@code earlier} and these. */
    public CallFigures minus(CallFigures earlier) {
        return new CallFigures(calls - earlier.calls, failures - earlier.failures, nanos - earlier.nanos);
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
