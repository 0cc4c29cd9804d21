package org.mlos.cluster.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cluster operation under way on the member coordinating it ({@link Cluster#inFlight()}): a
 * swap across nodes or a rollout, node by node, as far as it had got at one instant. What
 * {@code mlos swap --cluster} and {@code mlos rollout} print while they wait.
 *
 * @param operation       {@code swap} or {@code rollout}
 * @param subject         what is swapped or rolled out, in words ({@code KeyValueStore -> heap (rolling)},
 *                        {@code org.x.b 1.2.0 to profile worker})
 * @param phase           the step of the operation ({@code swap}; an atomic swap's {@code prepare},
 *                        {@code swap}, {@code commit} or {@code undo}; {@code install})
 * @param startedAtMillis when it began, wall clock
 * @param elapsedMillis   how long it has run when this was taken
 * @param nodes           every target node, in the order they are handled
 * @since 1.4
 */
public record ClusterProgress(String operation, String subject, String phase, long startedAtMillis, long elapsedMillis,
        List<NodeProgress> nodes) {

    /** Where one node is in the current phase. */
    public enum State {
        /** Not asked yet. */
        PENDING,
        /** Asked; no answer yet. */
        IN_FLIGHT,
        /** Answered (or given up on): see the outcome. */
        DONE
    }

    /**
     * One node's part in the current phase.
     *
     * @param nodeId  the node
     * @param profile its profile
     * @param state   where it is
     * @param outcome once {@link State#DONE}, its outcome (COMPLETED, READY, INSTALLED, ROLLED_BACK,
     *                UNREACHABLE, TIMED_OUT, SKIPPED…); null before
     * @param millis  once done, how long its part took
     * @param reason  why it failed, or null
     * @param detail  while in flight, how far the node's own part has got, as the node tells it (a
     *                swap's {@code org.mlos.core.api.SwapProgress} line), or null
     */
    public record NodeProgress(String nodeId, String profile, State state, String outcome, long millis, String reason,
            String detail) {
    }

    public ClusterProgress {
        nodes = List.copyOf(nodes);
    }

    /** How many nodes are in a state. */
    public long count(State state) {
        return nodes.stream().filter(n -> n.state() == state).count();
    }

    /**
     * The summary line, e.g. {@code rollout org.x.b 1.2.0 to profile worker: install, 1/3 nodes done,
     * 2 in flight, 0 pending, 2.3 s}; a node in flight that told how far it has got adds
     * {@code ; <its id's first 8 characters>: pre-copy pass 1, 4,096/20,000 entries, 1.0 s}.
     */
    public String toLine() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s %s: %s, %d/%d nodes done, %d in flight, %d pending,"
                + " %.1f s", operation, subject, phase, count(State.DONE), nodes.size(), count(State.IN_FLIGHT),
                count(State.PENDING), elapsedMillis / 1000.0));
        for (NodeProgress n : nodes) {
            if (n.state() == State.IN_FLIGHT && n.detail() != null) {
                // "swap KeyValueStore heap -> lru: pre-copy pass 1, …" told as "<node>: pre-copy pass 1, …"
                String d = n.detail();
                int colon = d.indexOf(": ");
                b.append("; ").append(n.nodeId(), 0, Math.min(8, n.nodeId().length())).append(": ")
                        .append(colon < 0 ? d : d.substring(colon + 2));
            }
        }
        return b.toString();
    }

    /**
     * A line per node done, which does not change once written:
     * {@code "  <node> (<profile>) <phase>: <OUTCOME> <ms> ms[  <reason>]"}.
     */
    public List<String> doneLines() {
        List<String> out = new ArrayList<>();
        for (NodeProgress n : nodes) {
            if (n.state() == State.DONE) {
                out.add(String.format(Locale.ROOT, "  %s (%s) %s: %s %d ms%s", n.nodeId(), n.profile(), phase, n.outcome(),
                        n.millis(), n.reason() == null ? "" : "  " + n.reason()));
            }
        }
        return out;
    }
}
