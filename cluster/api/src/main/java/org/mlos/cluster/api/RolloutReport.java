package org.mlos.cluster.api;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a bundle rollout.
 *
 * @param symbolicName the bundle's symbolic name
 * @param version      its version
 * @param sha256       the jar's SHA-256, hex
 * @param profile      the profile whose nodes got it
 * @param totalMillis  from the request to the last node's answer
 * @param nodes        one result per node of the profile
 */
public record RolloutReport(String symbolicName, String version, String sha256, String profile, long totalMillis,
        List<NodeResult> nodes) {

    /**
     * One node's part.
     *
     * @param nodeId  the node
     * @param outcome INSTALLED, UPDATED, UNCHANGED, FAILED (the node went back to what it ran),
     *                REFUSED (not signed by a key the node trusts, not authenticated, or its kinds'
     *                state would be lost: the version it runs kept), FORCED (updated, a kind's state
     *                lost), UNREACHABLE, TIMED_OUT, SKIPPED (not asked: a node before it, one node at a
     *                time, did not take the update; since 1.7)
     * @param millis  how long it took there
     * @param reason  why it failed, or null
     */
    public record NodeResult(String nodeId, String outcome, long millis, String reason) {
    }

    /** True if every node of the profile runs the bundle now. */
    public boolean succeeded() {
        return !nodes.isEmpty() && nodes.stream().allMatch(n -> n.outcome().equals("INSTALLED")
                || n.outcome().equals("UPDATED") || n.outcome().equals("UNCHANGED"));
    }

    /**
     * {@code ROLLED_OUT} if every node runs the bundle now, {@code REFUSED} if the nodes asked
     * refused it and the others were not asked ({@code SKIPPED}), else {@code FAILED}. A rollout
     * every node refused read FAILED. A node's refusal leaves its version as it was; whether its
     * kinds are where they were, its reason says (a move aside that could not be undone).
     *
     * @since 1.7
     */
    public String outcome() {
        if (succeeded()) {
            return "ROLLED_OUT";
        }
        boolean refused = nodes.stream().anyMatch(n -> n.outcome().equals("REFUSED"))
                && nodes.stream().allMatch(n -> n.outcome().equals("REFUSED") || n.outcome().equals("SKIPPED"));
        return refused ? "REFUSED" : "FAILED";
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s %s %s to profile %s nodes=%d total_ms=%d sha256=%s%n",
                outcome(), symbolicName, version, profile, nodes.size(), totalMillis, sha256));
        for (NodeResult n : nodes) {
            sb.append(String.format(Locale.ROOT, "  %-36s %-11s %6d ms%s%n", n.nodeId(), n.outcome(), n.millis(),
                    n.reason() == null ? "" : "  " + n.reason()));
        }
        return sb.toString();
    }
}
