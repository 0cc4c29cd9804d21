package org.mlos.metrics;

/**
 * One kind as JMX shows it ({@code org.mlos:type=Kind,name=<simple name>}): what serves, what
 * could, how much it served, and its swaps' times (microseconds; 0 before the first swap).
 */
public interface KindMXBean {

    String getKind();

    String getActive();

    String[] getCandidates();

    /** -1 when call counting is off for the kind. */
    long getCallsServed();

    int getSwaps();

    double getSwapDurationP50Micros();

    double getSwapDurationP99Micros();

    double getSwapDurationMaxMicros();

    double getSwapPauseP99Micros();

    double getSwapPauseMaxMicros();
}
