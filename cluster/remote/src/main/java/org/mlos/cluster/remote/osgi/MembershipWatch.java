package org.mlos.cluster.remote.osgi;

import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.mlos.cluster.api.Cluster;
import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.remote.transport.Peer;

/**
 * Follows the cluster's nodes for the remote candidates. Without it a candidate learnt of its
 * host's death only from a call failing on it: a web node kept a kind bound to a killed full node
 * for minutes, and each kind failed its own first call after. So each look withdraws the
 * candidates of nodes that left ({@link RemoteCandidates#withdrawDeparted}) and, when a node has
 * joined, asks for the profile's remote preferences again: a preference given up on (its node
 * was away longer than the asking lasts) is then picked up without a manual swap.
 */
final class MembershipWatch {

    static final long PERIOD_MS = 1000;

    private final Cluster cluster;
    private final RemoteCandidates candidates;
    private final Predicate<Peer> answers;
    private final Runnable joined;
    private Set<String> known;

    MembershipWatch(Cluster cluster, RemoteCandidates candidates, Predicate<Peer> answers, Runnable joined) {
        this.cluster = cluster;
        this.candidates = candidates;
        this.answers = answers;
        this.joined = joined;
    }

    /** One look at the registry; called every {@value #PERIOD_MS} ms from one thread. */
    void look() {
        Set<String> live = cluster.nodes().stream().map(NodeInfo::id).collect(Collectors.toSet());
        candidates.withdrawDeparted(live, answers);
        boolean someoneJoined = known != null && !known.containsAll(live);
        known = live;
        if (someoneJoined) {
            joined.run();
        }
    }
}
