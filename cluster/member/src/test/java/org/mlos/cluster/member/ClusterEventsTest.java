package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.api.ClusterSwapReport;
import org.mlos.cluster.api.ClusterSwapRequest;
import org.mlos.cluster.api.RolloutReport;
import org.mlos.cluster.testing.LoopbackMembers;
import org.mlos.core.api.NodeEvents;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/** A member's view of the cluster, reported to the node's events: joins, leaves, decisions. */
class ClusterEventsTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final NodeEvents sink = (source, line) -> lines.add(source + " " + line);

    @Test
    void membersJoiningAndLeavingAreReported() throws Exception {
        String cluster = "events-" + UUID.randomUUID();
        int port = 18900 + (int) (Math.random() * 500);
        HazelcastInstance first = Hazelcast.newHazelcastInstance(LoopbackMembers.config(cluster, port));
        try {
            ClusterEvents events = new ClusterEvents(() -> sink);
            first.getCluster().addMembershipListener(events);
            HazelcastInstance second = Hazelcast.newHazelcastInstance(LoopbackMembers.config(cluster, port));
            String uuid = second.getCluster().getLocalMember().getUuid().toString();
            await(() -> lines.stream().anyMatch(l -> l.startsWith("cluster member-joined " + uuid)));
            assertTrue(lines.stream().anyMatch(l -> l.contains("member-joined " + uuid) && l.endsWith("members=2")), lines.toString());
            second.shutdown();
            await(() -> lines.stream().anyMatch(l -> l.startsWith("cluster member-left " + uuid)));
            assertTrue(lines.stream().anyMatch(l -> l.contains("member-left " + uuid) && l.endsWith("members=1")), lines.toString());
        } finally {
            first.shutdown();
        }
    }

    @Test
    void coordinatedSwapsAndRolloutsAreReportedWithEachNodesOutcome() {
        ClusterEvents events = new ClusterEvents(() -> sink);
        ClusterSwapRequest req = new ClusterSwapRequest("KeyValueStore", "heap", "cache", ClusterSwapRequest.Strategy.ATOMIC,
                Duration.ofSeconds(5));
        events.swapped(new ClusterSwapReport(req, ClusterSwapReport.Outcome.ROLLED_BACK, 42,
                List.of(new ClusterSwapReport.NodeResult("n1", "cache", "COMPLETED", 3, null),
                        new ClusterSwapReport.NodeResult("n2", "cache", "REFUSED", 1, "no heap")), "n2 refused"));
        events.rolledOut(new RolloutReport("my.bundle", "1.2.0", "ab12", "worker", 7,
                List.of(new RolloutReport.NodeResult("n3", "INSTALLED", 5, null))));
        assertEquals(List.of(
                "cluster swap-decided kind=KeyValueStore impl=heap strategy=atomic profile=cache outcome=ROLLED_BACK total_ms=42"
                        + " reason=n2 refused n1=COMPLETED n2=REFUSED",
                "cluster rollout bundle=my.bundle version=1.2.0 sha256=ab12 profile=worker total_ms=7 n3=INSTALLED"), lines);
        new ClusterEvents(() -> null).event("nobody listens: nothing happens");
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 300 && !done.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
    }
}
