package org.mlos.cluster.autoscale;

import org.mlos.cluster.api.scale.AutoscaleSettings;

/**
 * How long after an autoscaler takes office a profile below its minimum is left to the nodes that
 * may still be starting, before it asks for more. A leader just in office cannot tell a node that
 * died from one still booting: {@code mlos cluster up --nodes cache=2} starts its nodes one after
 * the other, so the first node's autoscaler leads while the second boots, and its "below the
 * minimum" request, carried out once the supervisor started, made three nodes (then drained one).
 * The same holds for a leader that took over from one that died, while the supervisor restarts
 * that node. Bounded, so that a node that really died is replaced at most this late; the setting
 * {@code start.grace.ms} ({@code --autoscale-set start.grace.ms=…}, or the framework property
 * {@code mlos.autoscale.start.grace.ms}; 0: none).
 *
 * @param lengthMs how long, from taking office, a profile below its minimum is held
 */
record StartGrace(long lengthMs) {

    /** The settings' grace. */
    static StartGrace of(AutoscaleSettings settings) {
        return new StartGrace(settings.startGraceMs());
    }

    /** Whether {@code nowMs} is within the grace of a leader that took office at {@code officeMs}. */
    boolean covers(long officeMs, long nowMs) {
        return nowMs - officeMs < lengthMs;
    }
}
