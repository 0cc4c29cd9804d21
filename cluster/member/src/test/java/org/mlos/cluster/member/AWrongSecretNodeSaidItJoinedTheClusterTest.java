package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * {@code MLOS_CLUSTER_SECRET=<other> mlos run worker} beside a running cluster stayed alone, as
 * it should (another secret, another Hazelcast cluster name), but logged "joined cluster mlos in
 * 3376 ms"; only Hazelcast's "different cluster-name" warnings hinted why. A member alone whom
 * members of another name refused now says so, naming where they are and what to give it.
 */
class AWrongSecretNodeSaidItJoinedTheClusterTest {

    private static final byte[] ONE = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final int PORT = 17960;

    /** A member as {@link ClusterMember} configures it, with Hazelcast logging to java.util.logging as there. */
    private static Config config(byte[] secret) {
        MemberSettings s = MemberSettings.from(Map.of("mlos.cluster.port", Integer.toString(PORT),
                "mlos.cluster.port.count", "4")::get);
        Config c = s.toConfig(AWrongSecretNodeSaidItJoinedTheClusterTest.class.getClassLoader());
        c.setInstanceName("wrong-secret-test-" + System.nanoTime());
        c.setClusterName(s.hazelcastClusterName(secret));
        return c;
    }

    /**
     * Both terminals also showed Hazelcast's warnings of it, before the line that said what to do:
     * "Node could not join cluster at node: … different cluster-name" and "Some of the ports seem
     * occupied!" on the refused node's, "Received an invalid join request from …" and a
     * 600-character "Connection reset" line on the refusing member's. Each side has its own line now.
     */
    @Test
    void aMemberAloneThatMembersOfAnotherSecretRefusedSaysSo() {
        List<HazelcastInstance> started = new ArrayList<>();
        List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>(); // every level
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Handler terminal = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                told.add(r.getLoggerName() + ": " + r.getMessage());
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) { // as a node's terminal shows Hazelcast's
                    written.add(r.getLoggerName() + ": " + r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        root.addHandler(terminal);
        try {
            Config first = config(ONE);
            JoinRefusalLog firstRefused = JoinRefusalLog.watch(first, "mlos");
            OtherClusters firstSaw = OtherClusters.listen(first.getClusterName());
            HazelcastInstance one = Hazelcast.newHazelcastInstance(first);
            started.add(one);
            firstSaw.close();
            assertNull(firstSaw.aloneWarning("mlos", 1), "a first member is alone as it should be: " + firstSaw.refusedBy());

            Config stranger = config(OTHER);
            JoinRefusalLog strangerRefused = JoinRefusalLog.watch(stranger, "mlos");
            OtherClusters strangerSaw = OtherClusters.listen(stranger.getClusterName());
            HazelcastInstance other = Hazelcast.newHazelcastInstance(stranger);
            started.add(other);
            strangerSaw.close();
            assertEquals(1, other.getCluster().getMembers().size());
            int onePort = one.getCluster().getLocalMember().getAddress().getPort();
            assertEquals(List.of("[127.0.0.1]:" + onePort), strangerSaw.refusedBy());
            String warning = strangerSaw.aloneWarning("mlos", other.getCluster().getMembers().size());
            assertNotNull(warning);
            assertTrue(warning.startsWith("joined cluster mlos alone: the members on 127.0.0.1:" + onePort
                    + " belong to a cluster with another secret (or another mlos.cluster.name)"), warning);
            assertTrue(warning.contains("MLOS_CLUSTER_SECRET"), warning);
            int otherPort = other.getCluster().getLocalMember().getAddress().getPort();
            assertTrue(told.stream().anyMatch(l -> l.contains("refused a node at 127.0.0.1:" + otherPort
                    + " that asked to join cluster mlos: it belongs to another cluster")), told.toString());

            // A member of the first's secret joins it, whatever the stranger answered: no warning.
            Config same = config(ONE);
            OtherClusters sameSaw = OtherClusters.listen(same.getClusterName());
            HazelcastInstance two = Hazelcast.newHazelcastInstance(same);
            started.add(two);
            sameSaw.close();
            assertEquals(2, two.getCluster().getMembers().size());
            assertNull(sameSaw.aloneWarning("mlos", two.getCluster().getMembers().size()));
            if (!sameSaw.refusedBy().isEmpty()) { // it asked the stranger too (its port is in the range)
                String note = sameSaw.refusedNote("mlos", 2);
                assertTrue(note != null && note.startsWith("the members on 127.0.0.1:" + otherPort + " refused this node"), note);
            }
            firstRefused.close();
            strangerRefused.close();
            for (String hazelcasts : List.of("could not join cluster at node", "Some of the ports seem occupied",
                    "Received an invalid join request", "endpoint=[127.0.0.1]:" + otherPort + ", ")) {
                assertTrue(written.stream().noneMatch(l -> l.contains(hazelcasts)), hazelcasts + " written: " + written);
            }
        } finally {
            root.removeHandler(terminal);
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).shutdown();
            }
        }
    }

    /** The launcher's "mlos: joined" line says "alone" from the Cluster service's note (AWrongSecretNodesJoinedLineDidNotSayAloneTest). */
    @Test
    void theClusterServiceOfAMemberAloneNotesItForTheJoinedLine() {
        assertEquals("alone", ClusterMember.joinedProperties(true).get(org.mlos.core.settings.NodeProperties.PENDING_NOTE));
        assertTrue(ClusterMember.joinedProperties(false).isEmpty(), "a join like any notes nothing");
    }

    @Test
    void neighbouringPortsAreToldAsARange() {
        assertEquals("127.0.0.1:5701-5703, 127.0.0.1:5705, 10.0.0.2:5701", OtherClusters.ranges(List.of(
                "[127.0.0.1]:5701", "[127.0.0.1]:5702", "[127.0.0.1]:5703", "[127.0.0.1]:5705", "[10.0.0.2]:5701")));
    }
}
