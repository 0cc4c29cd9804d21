package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.testing.LoopbackMembers;
import org.mlos.core.api.NodeEvents;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * Nodes of different builds in one cluster: the load record's format changed once and nodes of the
 * two builds silently failed to read each other's loads. A member now declares its wire format; a
 * node joining members of another one leaves with the reason, and members see a foreign one join.
 */
class WireFormatsTest {

    private static Config config(String cluster, int port, String generation) {
        Config c = LoopbackMembers.config(cluster, port);
        if (generation != null) {
            WireFormats.declare(c, generation);
        }
        return c;
    }

    @Test
    void aNodeJoiningMembersOfAnotherBuildIsRefusedNamingThem() throws InterruptedException {
        String cluster = "wire-" + UUID.randomUUID();
        int port = 19400 + (int) (Math.random() * 500);
        List<String> lines = new CopyOnWriteArrayList<>();
        NodeEvents sink = (source, line) -> lines.add(line);
        HazelcastInstance old = Hazelcast.newHazelcastInstance(config(cluster, port, "1"));
        HazelcastInstance same = null;
        HazelcastInstance stranger = null;
        try {
            old.getCluster().addMembershipListener(new ClusterEvents(() -> sink));
            HazelcastInstance current = Hazelcast.newHazelcastInstance(config(cluster, port, WireFormats.CURRENT));
            try {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> WireFormats.requireSame(current, cluster));
                String oldAddress = old.getCluster().getLocalMember().getAddress().getHost() + ":"
                        + old.getCluster().getLocalMember().getAddress().getPort();
                assertTrue(e.getMessage().contains(oldAddress + " (wire format 1)"), e.getMessage());
                assertTrue(e.getMessage().contains("this node: wire format " + WireFormats.CURRENT), e.getMessage());
                assertTrue(e.getMessage().contains("run one build"), e.getMessage());
            } finally {
                current.shutdown();
            }
            long deadline = System.nanoTime() + 30_000_000_000L; // events arrive on Hazelcast's event thread
            while (lines.stream().noneMatch(l -> l.startsWith("member-foreign ")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("member-foreign ") && l.contains("wire format " + WireFormats.CURRENT)),
                    lines.toString());

            same = Hazelcast.newHazelcastInstance(config(cluster, port, "1"));
            HazelcastInstance s = same;
            assertDoesNotThrow(() -> WireFormats.requireSame(s, cluster));
            stranger = Hazelcast.newHazelcastInstance(config(cluster, port, null));
            HazelcastInstance r = stranger;
            deadline = System.nanoTime() + 30_000_000_000L; // the master tells the others of a new member
            while (same.getCluster().getMembers().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(WireFormats.foreign(same).stream().anyMatch(d -> d.contains("no mlos wire format")),
                    WireFormats.foreign(same).toString());
            // a member that declares nothing refuses nothing: only nodes of this project check
            assertEquals(List.of(), WireFormats.foreign(r));
        } finally {
            for (HazelcastInstance h : new HazelcastInstance[] { stranger, same, old }) {
                if (h != null) {
                    h.shutdown();
                }
            }
        }
    }

    @Test
    void theNodesOwnConfigurationDeclaresTheCurrentFormat() {
        Config c = MemberSettings.from(java.util.Map.<String, String>of()::get).toConfig(getClass().getClassLoader());
        assertEquals(WireFormats.CURRENT, c.getMemberAttributeConfig().getAttributes().get(WireFormats.ATTRIBUTE));
    }
}
