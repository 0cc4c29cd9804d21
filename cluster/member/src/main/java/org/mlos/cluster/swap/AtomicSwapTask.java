package org.mlos.cluster.swap;

import java.time.Duration;
import java.util.List;

import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.NodeTask;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;

/**
 * Phase two of an atomic swap: swaps, and stays pending until the swap is decided
 * ({@link PendingSwaps}): if the coordinator does not commit, this node goes back by itself. A
 * swap whose coordinator left before this node switched rolls back before the switch instead.
 */
final class AtomicSwapTask extends NodeTask {

    static final String OP = "swap-atomic";

    private final SwapTask swap;
    private final String swapId;
    private final String coordinator;
    private final long waitSeconds;

    AtomicSwapTask(String kind, String impl, String swapId, String coordinator, long waitSeconds) {
        super(OP, kind, impl, swapId, coordinator, Long.toString(waitSeconds));
        this.swap = new SwapTask(kind, impl);
        this.swapId = swapId;
        this.coordinator = coordinator;
        this.waitSeconds = waitSeconds;
    }

    static AtomicSwapTask of(List<String> args) {
        if (args.size() != 5 || args.stream().anyMatch(a -> a == null)) {
            throw new IllegalArgumentException("swap-atomic takes a kind, an implementation, a swap id, a coordinator and a wait");
        }
        return new AtomicSwapTask(args.get(0), args.get(1), args.get(2), args.get(3), Long.parseLong(args.get(4)));
    }

    @Override
    protected TaskResult run(LocalNode node) {
        PendingSwaps pending = node.part(PendingSwaps.class);
        Duration wait = Duration.ofSeconds(waitSeconds);
        // A coordinator that dies while this node copies would only make it switch to go back:
        // the kernel asks, while it copies and before it checks, whether to stop. The coordinator
        // counts a node that has not answered within its timeout (the wait less the grace) as
        // failed, and aborts: a copy still running then is stopped.
        Duration coordinatorTimeout = Duration.ofSeconds(Math.max(1, waitSeconds - ClusterSwaps.DECISION_GRACE_SECONDS));
        TaskResult r = swap.run(node, pending.stopUnlessDecidable(coordinator, coordinatorTimeout, swapId));
        if (r.outcome().switched()) { // FORCED too: whatever switched goes back unless committed
            pending.add(swapId, args().get(0), r.detail(), args().get(1), coordinator, wait);
        }
        return r;
    }
}
