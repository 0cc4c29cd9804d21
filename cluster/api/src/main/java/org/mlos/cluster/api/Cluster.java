package org.mlos.cluster.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The cluster this node is a member of. */
@ProviderType
public interface Cluster {

    /** The cluster's name (members of other clusters are refused). */
    String name();

    /** This node's id in the registry. */
    String localNodeId();

    /** Every node of the cluster as it last published itself, sorted by profile then id. */
    List<NodeInfo> nodes();

    /**
     * Swaps a kind on every node of the cluster that runs it (or of one profile), and waits for
     * the outcome.
     *
     * @throws IllegalArgumentException for a request that names nothing to swap
     */
    ClusterSwapReport swap(ClusterSwapRequest request);

    /**
     * Installs a bundle on every node of a profile, or updates it where a bundle of that symbolic
     * name is installed; nodes of other profiles are left alone. Each node first checks that a key
     * it trusts signed the jar, and a node where the bundle does not resolve or start returns to
     * what it ran before.
     *
     * @param profile   the profile whose nodes get the bundle
     * @param jar       the bundle's bytes
     * @param signature the operator's Ed25519 signature of {@code "mlos-rollout-v1\n" + <the jar's
     *                  SHA-256 in lower-case hex>}, base64; null for none (every node refuses the jar)
     * @since 1.1
     */
    RolloutReport rollout(String profile, byte[] jar, String signature);

    /** An unsigned rollout: every node refuses it, saying so. Kept for callers of 1.0. */
    RolloutReport rollout(String profile, byte[] jar);

    /**
     * A rollout as {@link #rollout(String, byte[], String)} (since 1.7, like it, one node at a
     * time: {@link #rollout(String, byte[], String, boolean, boolean)}), where {@code restartKinds} accepts
     * that a kind every implementation of which the update restarts (its API bundle updated, or the
     * one bundle that holds them all) starts empty; without it such an update is refused, as its
     * state would be lost. A cluster that cannot tell ignores it and refuses.
     *
     * @since 1.6
     */
    default RolloutReport rollout(String profile, byte[] jar, String signature, boolean restartKinds) {
        return rollout(profile, jar, signature);
    }

    /**
     * A rollout as {@link #rollout(String, byte[], String, boolean)}, one node at a time unless
     * {@code allAtOnce}: each node updates once the one before it took the update, and the first
     * that does not (refused, failed, lost state) stops it, the nodes after it keeping their
     * version ({@code SKIPPED}). Every node of a profile updating together paused all of them
     * together, and a bad version reached them all. A cluster that cannot tell updates them together.
     *
     * @since 1.7
     */
    default RolloutReport rollout(String profile, byte[] jar, String signature, boolean restartKinds, boolean allAtOnce) {
        return rollout(profile, jar, signature, restartKinds);
    }

    /**
     * A 32-byte key for {@code purpose} derived from the cluster secret (HKDF-SHA256), the same on
     * every node of the cluster; empty when this node has no shared secret.
     */
    java.util.Optional<byte[]> derivedKey(String purpose);

    /**
     * The cluster swaps and rollouts this member coordinates now, each node by node as far as it
     * has got; empty when none runs (or when this member coordinates none).
     *
     * @since 1.4
     */
    default List<ClusterProgress> inFlight() {
        return List.of();
    }
}
