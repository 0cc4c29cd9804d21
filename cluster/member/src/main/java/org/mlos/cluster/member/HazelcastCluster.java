package org.mlos.cluster.member;

import java.util.List;

import org.mlos.cluster.api.Cluster;
import org.mlos.cluster.api.ClusterProgress;
import org.mlos.cluster.api.ClusterSwapReport;
import org.mlos.cluster.api.ClusterSwapRequest;
import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.api.RolloutReport;
import org.mlos.cluster.auth.KeyDerivation;
import org.mlos.cluster.progress.Operations;
import org.mlos.cluster.registry.NodeRegistry;
import org.mlos.cluster.rollout.Rollouts;
import org.mlos.cluster.swap.ClusterSwaps;

/** The {@link Cluster} service: the registry, swaps and rollouts of one member. */
final class HazelcastCluster implements Cluster {

    private final String name;
    private final java.util.function.Supplier<String> localId;
    private final NodeRegistry registry;
    private final ClusterSwaps swaps;
    private final Rollouts rollouts;
    private final byte[] sharedSecret;
    private final ClusterEvents events;
    private final Operations operations;

    HazelcastCluster(String name, java.util.function.Supplier<String> localId, NodeRegistry registry, ClusterSwaps swaps, Rollouts rollouts,
            byte[] sharedSecret, ClusterEvents events, Operations operations) {
        this.name = name;
        this.localId = localId;
        this.registry = registry;
        this.swaps = swaps;
        this.rollouts = rollouts;
        this.sharedSecret = sharedSecret;
        this.events = events;
        this.operations = operations;
    }

    @Override
    public List<ClusterProgress> inFlight() {
        return operations.snapshot(swaps::nodeProgress);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String localNodeId() {
        return localId.get();
    }

    @Override
    public List<NodeInfo> nodes() {
        try {
            return registry.nodes();
        } catch (com.hazelcast.partition.NoDataMemberInClusterException e) {
            throw new org.mlos.cluster.registry.NoDataMember(e); // Hazelcast's words reached a swap's report
        }
    }

    @Override
    public ClusterSwapReport swap(ClusterSwapRequest request) {
        return events.swapped(swaps.swap(request));
    }

    @Override
    public RolloutReport rollout(String profile, byte[] jar) {
        return events.rolledOut(rollouts.rollout(profile, jar, null));
    }

    @Override
    public RolloutReport rollout(String profile, byte[] jar, String signature) {
        return events.rolledOut(rollouts.rollout(profile, jar, signature));
    }

    @Override
    public RolloutReport rollout(String profile, byte[] jar, String signature, boolean restartKinds) {
        return events.rolledOut(rollouts.rollout(profile, jar, signature, restartKinds));
    }

    @Override
    public RolloutReport rollout(String profile, byte[] jar, String signature, boolean restartKinds, boolean allAtOnce) {
        return events.rolledOut(rollouts.rollout(profile, jar, signature, restartKinds, allAtOnce));
    }

    @Override
    public java.util.Optional<byte[]> derivedKey(String purpose) {
        return java.util.Optional.ofNullable(sharedSecret).map(s -> KeyDerivation.derive(s, purpose));
    }
}
