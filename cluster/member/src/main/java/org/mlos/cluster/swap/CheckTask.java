package org.mlos.cluster.swap;

import org.mlos.cluster.member.LocalNode;
import org.mlos.core.api.KindInfo;

/** Phase one of an atomic swap: could this node swap? Changes nothing. Detail: the active implementation. */
final class CheckTask extends NodeTask {

    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String impl;

    CheckTask(String kind, String impl) {
        this.kind = kind;
        this.impl = impl;
    }

    @Override
    protected TaskResult run(LocalNode node) {
        String active = node.kernel().kind(kind).map(KindInfo::active).orElse(null);
        return node.kernel().checkSwap(kind, impl)
                .map(why -> new TaskResult("REFUSED", 0, why, active))
                .orElseGet(() -> new TaskResult("READY", 0, null, active));
    }
}
