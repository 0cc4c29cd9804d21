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
     * A ceiling on a live swap's copy while the old implementation serves, in entries per second
     * (default 0: none); it leaves callers more of the cores during a large swap, which then lasts
     * longer. Never applied while callers are held.
     *
     * @since 1.2
     */
    public static final String KERNEL_COPY_RATE = "mlos.kernel.copy.rate";

    /**
     * Service property of a network listener: the URL clients reach it at, e.g.
     * {@code memcached://127.0.0.1:11211}. The ready line and the cluster registry show it.
     */
    public static final String ENDPOINT = "mlos.endpoint";

    /**
     * Service property of a service that stands for work the node finishes after it serves (a
     * cluster join, say): what is pending, in words, e.g. {@code cluster join}. The launcher
     * prints the ready line without waiting for it (components waiting only for what it
     * {@linkplain #PENDING_PROVIDES provides} do not hold the node back), then one more line when
     * the service goes away. Unregister it once the work is done.
     *
     * @since 1.1
     */
    public static final String PENDING = "mlos.pending";

    /**
     * Service property beside {@link #PENDING}: the service interfaces (a {@code String[]}) the
     * pending work registers when it is done.
     *
     * @since 1.1
     */
    public static final String PENDING_PROVIDES = "mlos.pending.provides";

    /**
     * Service property beside {@link #PENDING}, set when the pending work failed: why. The node
     * then stops with the reason (a node that cannot do what its profile says is not left running).
     *
     * @since 1.1
     */
    public static final String PENDING_FAILURE = "mlos.pending.failure";

    /**
     * Service property of a service the pending work registers once done (one of
     * {@link #PENDING_PROVIDES}): a word on how it ended that the launcher's {@code mlos: joined}
     * line carries after {@code joined}, e.g. {@code alone} for a cluster member that found members
     * of another cluster only. Without it that line read as a join like any.
     *
     * @since 1.4
     */
    public static final String PENDING_NOTE = "mlos.pending.note";

    /**
     * Service property of a figure a bundle publishes for the node's metrics: a
     * {@link java.util.function.LongSupplier} service with this property (the meter's name, e.g.
     * {@code mlos.durable.recovery.damaged}) is a gauge wherever the metrics bundle runs, neither
     * bundle naming the other's types.
     *
     * @since 1.4
     */
    public static final String METRIC = "mlos.metric";

    /** Service property beside {@link #METRIC}: what the figure counts, the meter's description. @since 1.4 */
    public static final String METRIC_DESCRIPTION = "mlos.metric.description";
}
