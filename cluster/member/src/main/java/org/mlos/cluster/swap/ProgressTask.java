package org.mlos.cluster.swap;

import java.util.List;

import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.NodeTask;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;
import org.mlos.core.api.SwapProgress;

/**
 * How far a node's own swap of a kind has got, for the coordinator's progress lines while the
 * node's part of a cluster swap runs, and for its wait to know whether that swap still moves.
 * Changes nothing. Detail: the kernel's progress line(s) for the kind, or null when no swap of it
 * runs there; as a mark, the lines without their elapsed time, which always moves.
 */
final class ProgressTask extends NodeTask {

    static final String OP = "swap-progress";

    static final String MARK = "mark";

    private final String kind;
    private final boolean mark;

    ProgressTask(String kind) {
        super(OP, kind);
        this.kind = kind;
        this.mark = false;
    }

    private ProgressTask(String kind, boolean mark) {
        super(OP, kind, MARK);
        this.kind = kind;
        this.mark = mark;
    }

    /** The progress of a node's swap of {@code kind} as a mark that changes only when the swap moves. */
    static ProgressTask mark(String kind) {
        return new ProgressTask(kind, true);
    }

    static ProgressTask of(List<String> args) {
        if (args.size() == 2 && MARK.equals(args.get(1))) {
            return mark(args.get(0));
        }
        if (args.size() != 1) {
            throw new IllegalArgumentException("swap-progress takes a kind, and " + MARK + " for a mark");
        }
        return new ProgressTask(args.get(0));
    }

    @Override
    protected TaskResult run(LocalNode node) {
        StringBuilder lines = new StringBuilder();
        for (SwapProgress p : node.kernel().swapsInFlight()) {
            if (p.kind().equals(kind) || p.simpleName().equals(kind)) {
                String line = p.toLine();
                lines.append(lines.length() == 0 ? "" : "; ").append(mark ? line.substring(0, line.lastIndexOf(", ")) : line);
            }
        }
        return new TaskResult(TaskOutcome.UNCHANGED, 0, null, lines.length() == 0 ? null : lines.toString());
    }
}
