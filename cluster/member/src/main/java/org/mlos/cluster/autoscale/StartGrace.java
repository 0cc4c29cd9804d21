package org.mlos.cluster.autoscale;

import java.util.function.Function;

import org.mlos.cluster.api.scale.AutoscaleSettings;

/**
 * How long after an autoscaler takes office a profile below its minimum is left to the nodes that
 * may still be starting, before it asks for more. A leader just in office cannot tell a node that
 * died from one still booting: {@code mlos cluster up --nodes cache=2} starts its nodes one after
 * the other, so the first node's autoscaler leads while the second boots, and its "below the
 * minimum" request, carried out once the supervisor started, made three nodes (then drained one).
 * The same holds for a leader that took over from one that died, while the supervisor restarts
 * that node. Bounded, so that a node that really died is replaced at most this late; framework
 * property {@value #PROPERTY} (0: none).
 *
 * @param lengthMs how long, from taking office, a profile below its minimum is held
 */
record StartGrace(long lengthMs) {

    /**
     * Beside the settings' properties, and named as they are, so that it can join
     * {@link AutoscaleSettings} (an API change) without renaming the property people set.
     */
    static final String PROPERTY = AutoscaleSettings.PREFIX + "start.grace.ms";
    /** Several nodes' boots one after the other (a node boots in 3 to 5 s; 120 s is cluster up's limit for one). */
    static final StartGrace DEFAULT = new StartGrace(60_000);

    StartGrace {
        if (lengthMs < 0) {
            throw new IllegalArgumentException(PROPERTY + " must be 0 or more, not " + lengthMs);
        }
    }

    /** From the framework property (e.g. {@code context::getProperty}); the default where it is not set. */
    static StartGrace from(Function<String, String> property) {
        String v = property.apply(PROPERTY);
        if (v == null || v.isBlank()) {
            return DEFAULT;
        }
        try {
            return new StartGrace(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " takes a whole number of milliseconds, not '" + v + "'");
        }
    }

    /** Whether {@code nowMs} is within the grace of a leader that took office at {@code officeMs}. */
    boolean covers(long officeMs, long nowMs) {
        return nowMs - officeMs < lengthMs;
    }

    /** {@code start.grace.ms=n}, as the settings list themselves. */
    String arg() {
        return "start.grace.ms=" + lengthMs;
    }
}
