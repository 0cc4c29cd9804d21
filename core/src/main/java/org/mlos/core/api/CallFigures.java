package org.mlos.core.api;

/**
 * A kind's call figures since the kernel began counting its calls: how many calls went through
 * the handle, how many of them threw, and the time spent in them. Health checks compare the
 * figures of a window after a swap with those of a window before it ({@link #minus}).
 *
 * @param calls        calls counted
 * @param failures     calls that threw
 * @param nanos        time spent in the outermost counted calls
 * @param failureNanos the part of {@code nanos} spent in outermost calls that threw: a call's
 *                     speed is judged on calls that returned ({@link #meanReturnedNanos()}), as a
 *                     refusal's time (a full disk's, a lost node's) says nothing of it
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

    /** Calls that returned (did not throw). */
    public long returned() {
        return calls - failures;
    }

    /** Mean time per call that returned, in nanoseconds; 0 with none. */
    public double meanReturnedNanos() {
        long r = returned();
        return r <= 0 ? 0 : (double) (nanos - failureNanos) / r;
    }
}
