package org.mlos.cluster.testing;

import java.util.List;
import java.util.Optional;

import org.mlos.cluster.api.Cluster;
import org.mlos.cluster.api.ClusterSwapReport;
import org.mlos.cluster.api.ClusterSwapRequest;
import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.api.RolloutReport;

/**
 * A cluster of no node, named {@code mlos}, whose swaps and rollouts are refused as not this
 * test's: a test overrides what it asks of the cluster (a shell command's test, say).
 */
public class StubCluster implements Cluster {

    @Override
    public String name() {
        return "mlos";
    }

    @Override
    public String localNodeId() {
        return "node-1";
    }

    @Override
    public List<NodeInfo> nodes() {
        return List.of();
    }

    @Override
    public ClusterSwapReport swap(ClusterSwapRequest request) {
        throw new UnsupportedOperationException("this test's cluster takes no swap: " + request);
    }

    @Override
    public RolloutReport rollout(String profile, byte[] jar, String signature) {
        throw new UnsupportedOperationException("this test's cluster takes no rollout (profile " + profile + ")");
    }

    @Override
    public RolloutReport rollout(String profile, byte[] jar) {
        return rollout(profile, jar, null);
    }

    @Override
    public Optional<byte[]> derivedKey(String purpose) {
        return Optional.empty();
    }
}
