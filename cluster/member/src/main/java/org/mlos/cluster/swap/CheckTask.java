package org.mlos.cluster.swap;

import java.util.List;

import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.NodeTask;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;
import org.mlos.core.api.KindInfo;

/** Phase one of an atomic swap: could this node swap? Changes nothing. Detail: the active implementation. */
final class CheckTask extends NodeTask {

    static final String OP = "check";

    private final String kind;
    private final String impl;

    CheckTask(String kind, String impl) {
        super(OP, kind, impl);
        this.kind = kind;
        this.impl = impl;
    }

    static CheckTask of(List<String> args) {
        if (args.size() != 2) {
            throw new IllegalArgumentException("check takes a kind and an implementation");
        }
        return new CheckTask(args.get(0), args.get(1));
    }

    @Override
    protected TaskResult run(LocalNode node) {
        String active = node.kernel().kind(kind).map(KindInfo::active).orElse(null);
        return node.kernel().checkSwap(kind, impl)
                .map(why -> new TaskResult(TaskOutcome.REFUSED, 0, why, active))
                .orElseGet(() -> new TaskResult(TaskOutcome.READY, 0, null, active));
    }
}
