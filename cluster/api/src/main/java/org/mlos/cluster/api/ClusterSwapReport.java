package org.mlos.cluster.api;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a cluster-wide swap.
 *
 * @param request     what was asked
 * @param outcome     how it ended overall
 * @param totalMillis from the request to the last node's answer
 * @param nodes       one result per target node, in the order they were handled
 * @param reason      why it did not complete, or null
 */
public record ClusterSwapReport(ClusterSwapRequest request, Outcome outcome, long totalMillis, List<NodeResult> nodes,
        String reason) {

    /** How a cluster swap ended. */
    public enum Outcome {
        /** Every target node now runs the implementation. */
        COMPLETED,
        /** Atomic: a node could not swap, so none did (or those that did swapped back). */
        ROLLED_BACK,
        /** Rolling: stopped at a failure; the nodes before it swapped. */
        PARTIAL,
        /** No node swapped: no target, the request was refused up front, or (rolling) the first node failed. */
        REFUSED
    }

    /**
     * One node's part.
     *
     * @param nodeId  the node
     * @param profile its profile
     * @param outcome its local outcome: COMPLETED, REFUSED, ROLLED_BACK, UNREACHABLE, SKIPPED, REVERTED...
     * @param millis  how long its part took
     * @param reason  why it failed, or, when it completed, what its swap noted (a durable store left, say), or null
     */
    public record NodeResult(String nodeId, String profile, String outcome, long millis, String reason) {
    }

    /** One line per node and a summary line, for the command line. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s %s -> %s strategy=%s nodes=%d total_ms=%d%s%n", outcome,
                request.kind(), request.impl(), request.strategy().name().toLowerCase(Locale.ROOT), nodes.size(),
                totalMillis, reason == null ? "" : " reason=\"" + reason + "\""));
        for (NodeResult n : nodes) {
            sb.append(String.format(Locale.ROOT, "  %-36s %-10s %-12s %6d ms%s%n", n.nodeId(), n.profile(), n.outcome(),
                    n.millis(), n.reason() == null ? "" : "  " + n.reason()));
        }
        return sb.toString();
    }
}
