package org.mlos.cluster.remote.osgi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final Departures departures;
    private final Runnable joined;
    private Set<String> known;

    MembershipWatch(Cluster cluster, RemoteCandidates candidates, Departures departures, Runnable joined) {
        this.cluster = cluster;
        this.candidates = candidates;
        this.departures = departures;
        this.joined = joined;
    }

    /** One look at the registry; called every {@value #PERIOD_MS} ms from one thread. */
    void look() {
        List<NodeInfo> nodes;
        try {
            nodes = cluster.nodes();
        } catch (RuntimeException unreadable) {
            nodes = null; // no member holds data just now (the one that did was killed): the ports still tell
        }
        Set<String> live = nodes == null ? null : nodes.stream().map(NodeInfo::id).collect(Collectors.toSet());
        Map<String, String> nodeAt = new HashMap<>(); // a remote endpoint's host:port -> the node listed there now
        if (nodes != null) {
            for (NodeInfo n : nodes) {
                String endpoint = n.endpoints().get(RemoteCandidates.ENDPOINT_SCHEME);
                if (endpoint != null) {
                    nodeAt.put(endpoint, n.id());
                }
            }
        }
        long now = System.nanoTime() / 1_000_000;
        nextProbe.keySet().removeIf(candidates::connected); // connected again: its next loss is probed at once
        Set<Peer> asked = new HashSet<>();
        candidates.withdrawDeparted(live, nodeAt, p -> {
            asked.add(p);
            return departures.departure(p, now);
        }, p -> refusesNow(p, now));
        if (live == null) {
            return;
        }
        departures.forgetAllBut(asked);
        boolean someoneJoined = known != null && !known.containsAll(live);
        known = live;
        if (someoneJoined) {
            joined.run();
        }
    }

    /**
     * Per peer, when its port may be probed again: while the calls' connection is down and the
     * host still accepts (a network blip, its remote bundle restarting, and no call to reconnect),
     * each look would connect again; the gap doubles from one look to {@value #MAX_PROBE_GAP_MS} ms.
     */
    private final java.util.Map<Peer, long[]> nextProbe = new java.util.concurrent.ConcurrentHashMap<>();
    static final long MAX_PROBE_GAP_MS = 30_000;

    /** {@link #probe}, at most once per gap for a peer that accepted the last time. */
    boolean refusesNow(Peer peer, long nowMs) {
        long[] next = nextProbe.get(peer);
        if (next != null && nowMs < next[0]) {
            return false;
        }
        if (probe(peer)) {
            nextProbe.remove(peer);
            return true;
        }
        long gap = next == null ? PERIOD_MS : Math.min(MAX_PROBE_GAP_MS, next[1] * 2);
        nextProbe.put(peer, new long[] { nowMs + gap, gap });
        return false;
    }

    /**
     * Whether nothing listens on the peer's port any more (its process is gone), asked only while
     * the calls' connection to it is down ({@link RemoteCandidates#withdrawDeparted}): a node killed
     * stays in the registry until the cluster's failure detector gives up on it, and when it was
     * the only member holding data the registry cannot be read meanwhile; an outsider's web node
     * showed its kinds bound to a killed full node for 17 s so. A refusal is certain; a connection
     * that is slow to come, or comes, says nothing, and keeps the candidate.
     */
    private static boolean probe(Peer peer) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(peer.host(), peer.port()), REFUSAL_WAIT_MS);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException | RuntimeException other) {
            return false;
        }
    }

    static final int REFUSAL_WAIT_MS = 1000;
}
