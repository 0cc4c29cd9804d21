package org.mlos.core.settings;

/**
 * Names of the node-wide framework properties (set by the launcher, a profile or {@code --set})
 * and service properties that several modules read. Each area keeps its own names beside its API
 * (the memory services', the memcached server's, the cluster's); these are the kernel's and the node's.
 * A kind's default implementation is {@link org.mlos.core.api.Kernel#DEFAULT_IMPL_PREFIX}.
 */
public final class NodeProperties {

    private NodeProperties() {
    }

    /** The profile the node runs, e.g. {@code cache}. */
    public static final String PROFILE = "mlos.profile";

    /** Folder (per user, 0700) holding each node's control socket. */
    public static final String CONTROL_DIR = "mlos.control.dir";

    /** How long a swap waits for calls in flight, per wait, before it rolls back (ms, default 5000). */
    public static final String KERNEL_DRAIN_MS = "mlos.kernel.drain.ms";

    /** How long callers wait for an implementation when a kind has none (ms, default 0). */
    public static final String KERNEL_WAIT_MS = "mlos.kernel.wait.ms";

    /** {@code true} counts calls on every kind. */
    public static final String KERNEL_COUNT_CALLS = "mlos.kernel.count.calls";

    /** Swap reports kept per node (default 256). */
    public static final String KERNEL_HISTORY = "mlos.kernel.history";

    /**
     * Service property of a network listener: the URL clients reach it at, e.g.
     * {@code memcached://127.0.0.1:11211}. The ready line and the cluster registry show it.
     */
    public static final String ENDPOINT = "mlos.endpoint";
}
