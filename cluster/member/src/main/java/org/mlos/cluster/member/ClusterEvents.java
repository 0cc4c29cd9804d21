package org.mlos.cluster.member;

import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.mlos.cluster.api.ClusterSwapReport;
import org.mlos.cluster.api.RolloutReport;
import org.mlos.core.api.NodeEvents;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;

/**
 * The cluster's events as this node sees them, one line each to the node's {@link NodeEvents}
 * (journaled by the fault services, {@code mlos journal tail}): members joining and leaving, and
 * the cluster swaps and rollouts this node coordinated with each node's outcome. Nothing happens
 * when no {@code NodeEvents} service is there.
 */
final class ClusterEvents implements MembershipListener {

    static final String SOURCE = "cluster";

    private final Supplier<NodeEvents> sink;

    ClusterEvents(Supplier<NodeEvents> sink) {
        this.sink = sink;
    }

    void event(String line) {
        NodeEvents e = sink.get();
        if (e != null) {
            try {
                e.event(SOURCE, line);
            } catch (RuntimeException ex) {
                System.getLogger(ClusterEvents.class.getName()).log(System.Logger.Level.WARNING,
                        "node events refused '" + line + "': " + ex);
            }
        }
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        event("member-joined " + event.getMember().getUuid() + " " + event.getMember().getAddress()
                + " members=" + event.getMembers().size());
        Member self = event.getCluster().getLocalMember();
        if (WireFormats.isForeign(self, event.getMember())) {
            // A node of this build refuses such a cluster itself; an older build or a stranger does not.
            System.getLogger(ClusterEvents.class.getName()).log(System.Logger.Level.ERROR, "member "
                    + WireFormats.describe(event.getMember()) + " joined cluster, but this node speaks wire format "
                    + self.getAttribute(WireFormats.ATTRIBUTE) + ": what it publishes (registry entry, load) may be refused"
                    + " or misread; run one build across a cluster");
            event("member-foreign " + event.getMember().getUuid() + " " + WireFormats.describe(event.getMember()));
        }
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        event("member-left " + event.getMember().getUuid() + " " + event.getMember().getAddress()
                + " members=" + event.getMembers().size());
    }

    ClusterSwapReport swapped(ClusterSwapReport r) {
        event("swap-decided kind=" + r.request().kind() + " impl=" + r.request().impl() + " strategy="
                + r.request().strategy().name().toLowerCase() + " profile=" + (r.request().profile() == null ? "*" : r.request().profile())
                + " outcome=" + r.outcome() + " total_ms=" + r.totalMillis()
                + (r.reason() == null ? "" : " reason=" + r.reason().replace('\n', ' '))
                + r.nodes().stream().map(n -> " " + n.nodeId() + "=" + n.outcome()).collect(Collectors.joining()));
        return r;
    }

    RolloutReport rolledOut(RolloutReport r) {
        event("rollout bundle=" + r.symbolicName() + " version=" + r.version() + " sha256=" + r.sha256() + " profile="
                + r.profile() + " total_ms=" + r.totalMillis()
                + r.nodes().stream().map(n -> " " + n.nodeId() + "=" + n.outcome()).collect(Collectors.joining()));
        return r;
    }
}
