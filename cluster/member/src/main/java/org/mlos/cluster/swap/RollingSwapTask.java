package org.mlos.cluster.swap;

import java.util.List;

import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.NodeTask;
import org.mlos.cluster.node.TaskResult;

/**
 * A node's part of a rolling swap: swaps, unless its coordinator gave up waiting for it first. A
 * coordinator that times a node out writes abort for the swap ({@link PendingSwaps}); the kernel
 * asks while it copies and before it checks, and rolls back. Without it, a swap timed out at
 * 60 s finished 20 s later, and the cluster ran two stores while the coordinator had said the
 * node failed. Detail: the implementation that was active before.
 */
final class RollingSwapTask extends NodeTask {

    static final String OP = "swap-rolling";

    private final SwapTask swap;
    private final String swapId;

    RollingSwapTask(String kind, String impl, String swapId) {
        super(OP, kind, impl, swapId);
        this.swap = new SwapTask(kind, impl);
        this.swapId = swapId;
    }

    static RollingSwapTask of(List<String> args) {
        if (args.size() != 3 || args.stream().anyMatch(a -> a == null)) {
            throw new IllegalArgumentException("swap-rolling takes a kind, an implementation and a swap id");
        }
        return new RollingSwapTask(args.get(0), args.get(1), args.get(2));
    }

    @Override
    protected TaskResult run(LocalNode node) {
        return swap.run(node, node.part(PendingSwaps.class).stopWhenGivenUp(swapId));
    }
}
