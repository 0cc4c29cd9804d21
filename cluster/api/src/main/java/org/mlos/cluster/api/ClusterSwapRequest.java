package org.mlos.cluster.api;

import java.time.Duration;

/**
 * A cluster-wide swap.
 *
 * @param kind     the kind, fully qualified or simple name
 * @param impl     the implementation to make active
 * @param profile  only nodes of this profile, or null for every node that has the kind
 * @param strategy how the nodes change
 * @param timeout  how long to wait for any one node before counting it failed; in a rolling swap, how
 *                 long a node's swap may go without moving (its phase, pass or entries copied)
 */
public record ClusterSwapRequest(String kind, String impl, String profile, Strategy strategy, Duration timeout) {

    /** How a cluster swap proceeds. */
    public enum Strategy {
        /** Node by node, in node id order; the first failure stops the rollout (nodes done stay done). */
        ROLLING,
        /**
         * All or nothing: every target is asked whether it can swap (implementation present, state
         * formats shared) before any swaps; then all swap; if any fails, those that swapped swap back.
         */
        ATOMIC
    }

    public ClusterSwapRequest {
        if (kind == null || kind.isBlank() || impl == null || impl.isBlank()) {
            throw new IllegalArgumentException("a cluster swap needs a kind and an implementation");
        }
        if (strategy == null) {
            strategy = Strategy.ROLLING;
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            timeout = Duration.ofSeconds(60);
        }
    }

    public ClusterSwapRequest(String kind, String impl, String profile, Strategy strategy) {
        this(kind, impl, profile, strategy, null);
    }
}
