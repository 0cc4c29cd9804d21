package org.mlos.cluster.swap;

import java.util.List;

import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.NodeTask;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;
import org.mlos.core.api.SwapProgress;

/**
 * How far a node's own swap of a kind has got, for the coordinator's progress lines while the
 * node's part of a cluster swap runs. Changes nothing. Detail: the kernel's progress line(s) for
 * the kind, or null when no swap of it runs there.
 */
final class ProgressTask extends NodeTask {

    static final String OP = "swap-progress";

    private final String kind;

    ProgressTask(String kind) {
        super(OP, kind);
        this.kind = kind;
    }

    static ProgressTask of(List<String> args) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("swap-progress takes a kind");
        }
        return new ProgressTask(args.get(0));
    }

    @Override
    protected TaskResult run(LocalNode node) {
        StringBuilder lines = new StringBuilder();
        for (SwapProgress p : node.kernel().swapsInFlight()) {
            if (p.kind().equals(kind) || p.simpleName().equals(kind)) {
                lines.append(lines.length() == 0 ? "" : "; ").append(p.toLine());
            }
        }
        return new TaskResult(TaskOutcome.UNCHANGED, 0, null, lines.length() == 0 ? null : lines.toString());
    }
}
