package org.mlos.cluster.shell;

import java.util.List;
import java.util.Locale;

import org.mlos.cluster.api.ClusterProgress;
import org.mlos.cluster.api.ClusterProgress.NodeProgress;

/** The cluster operations under way as text ({@code cluster progress [--lines]}). */
final class ProgressText {

    private ProgressText() {
    }

    /**
     * A summary line per operation, then a line per node. With {@code lines} (what {@code mlos swap
     * --cluster} and {@code mlos rollout} poll while they wait), only the nodes done, whose lines do
     * not change, and nothing at all when no operation runs.
     */
    static String render(List<ClusterProgress> ops, boolean lines) {
        if (ops.isEmpty()) {
            return lines ? "" : "no cluster operation under way on this member\n";
        }
        StringBuilder b = new StringBuilder();
        for (ClusterProgress p : ops) {
            b.append(p.toLine()).append('\n');
            if (lines) {
                for (String l : p.doneLines()) {
                    b.append(l).append('\n');
                }
                continue;
            }
            for (NodeProgress n : p.nodes()) {
                b.append(String.format(Locale.ROOT, "  %-36s %-10s %s%n", n.nodeId(), n.profile(), switch (n.state()) {
                    case PENDING -> "pending";
                    case IN_FLIGHT -> "in flight" + (n.detail() == null ? "" : ": " + n.detail());
                    case DONE -> n.outcome() + " " + n.millis() + " ms" + (n.reason() == null ? "" : "  " + n.reason());
                }));
            }
        }
        return b.toString();
    }
}
