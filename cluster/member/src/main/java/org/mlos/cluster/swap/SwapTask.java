package org.mlos.cluster.swap;

import java.util.List;
import java.util.function.Supplier;

import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.NodeTask;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;
import org.mlos.core.api.KindInfo;
import org.mlos.core.api.SwapReport;

/** Swaps a kind on the node it runs on. Detail: the implementation that was active before. */
final class SwapTask extends NodeTask {

    static final String OP = "swap";

    private final String kind;
    private final String impl;

    SwapTask(String kind, String impl) {
        super(OP, kind, impl);
        this.kind = kind;
        this.impl = impl;
    }

    static SwapTask of(List<String> args) {
        if (args.size() != 2 || args.get(1) == null) {
            throw new IllegalArgumentException("swap takes a kind and an implementation");
        }
        return new SwapTask(args.get(0), args.get(1));
    }

    @Override
    protected TaskResult run(LocalNode node) {
        return run(node, null);
    }

    /** @param stop asked by the kernel until the switch: null to go on, else why to roll back; may be null */
    TaskResult run(LocalNode node, Supplier<String> stop) {
        String before = node.kernel().kind(kind).map(KindInfo::active).orElse(null);
        if (impl.equals(before)) {
            return new TaskResult(TaskOutcome.UNCHANGED, 0, null, before);
        }
        SwapReport r;
        try {
            r = node.kernel().swap(kind, impl, "request", stop);
        } catch (IllegalArgumentException e) {
            return new TaskResult(TaskOutcome.REFUSED, 0, e.getMessage(), before);
        }
        node.changed();
        return new TaskResult(TaskOutcome.of(r.outcome()), 0, r.reason(), before);
    }
}
