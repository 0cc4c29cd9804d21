package org.mlos.cluster.swap;

import java.util.List;

import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.NodeTask;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;

/** Settles an atomic swap on this node now, as decided (see {@link PendingSwaps}): the coordinator's undo. */
final class ResolveTask extends NodeTask {

    static final String OP = "resolve";

    private final String swapId;

    ResolveTask(String swapId) {
        super(OP, swapId);
        this.swapId = swapId;
    }

    static ResolveTask of(List<String> args) {
        if (args.size() != 1 || args.get(0) == null) {
            throw new IllegalArgumentException("resolve takes a swap id");
        }
        return new ResolveTask(args.get(0));
    }

    @Override
    protected TaskResult run(LocalNode node) {
        return node.part(PendingSwaps.class).resolve(swapId, "the coordinator aborted");
    }
}
