package org.mlos.cluster.node;

/**
 * What happened to a task on a node. It travels by name, and reports carry the name
 * ({@link org.mlos.cluster.api.ClusterSwapReport.NodeResult#outcome()}), so a new constant is
 * visible to every reader of reports; a name a peer sends that is not listed here is refused.
 */
public enum TaskOutcome {
    /** The change was made (a swap, or the undo of one). */
    COMPLETED(true),
    /** Nothing to do: the node already ran what was asked. */
    UNCHANGED(true),
    /** Phase one of an atomic swap: the node can swap. */
    READY(true),
    /** A rolled-out bundle was installed. */
    INSTALLED(true),
    /** A rolled-out bundle replaced the one of the same symbolic name. */
    UPDATED(true),
    /** The swap went through without the old implementation's state (the kernel's FORCED): switched, not ok. */
    FORCED(false),
    /** The kernel's swap failed and left the old implementation serving. */
    ROLLED_BACK(false),
    /** The node would not: the task did not verify, or the request cannot be done there. */
    REFUSED(false),
    /** The task ran and failed. */
    FAILED(false),
    /** The node is not, or no longer, a member of the cluster. */
    UNREACHABLE(false),
    /** The node did not answer in time. */
    TIMED_OUT(false);

    private final boolean ok;

    TaskOutcome(boolean ok) {
        this.ok = ok;
    }

    /** The task did what was asked, or there was nothing to do. */
    public boolean ok() {
        return ok;
    }

    /** The node now runs the implementation a swap asked for: what an abort must undo. */
    public boolean switched() {
        return this == COMPLETED || this == FORCED;
    }

    /** The outcome a kernel's swap maps to. */
    public static TaskOutcome of(org.mlos.core.api.SwapOutcome kernel) {
        return switch (kernel) {
            case COMPLETED -> COMPLETED;
            case FORCED -> FORCED;
            case ROLLED_BACK -> ROLLED_BACK;
            case REFUSED -> REFUSED;
        };
    }
}
