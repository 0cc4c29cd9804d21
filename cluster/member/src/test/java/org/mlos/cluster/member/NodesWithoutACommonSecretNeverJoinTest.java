package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * Two {@code mlos run cache} nodes on one machine with no secret (each then makes up its own)
 * joined one Hazelcast cluster under the default name, and each logged "refused registry entry …
 * bad MAC" every 2 s for as long as both ran. Hazelcast's cluster name now carries a digest of
 * the secret, and Hazelcast refuses a member of another name at the join: members with different
 * secrets stay apart, members with the same one still meet.
 */
class NodesWithoutACommonSecretNeverJoinTest {

    private static final byte[] ONE = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    private static MemberSettings settings(Map<String, String> props) {
        return MemberSettings.from(props::get);
    }

    /** A member as {@link ClusterMember} configures it: the default cluster name, loopback, our port range. */
    private static HazelcastInstance member(int port, byte[] secret) {
        MemberSettings s = settings(Map.of("mlos.cluster.port", Integer.toString(port), "mlos.cluster.port.count", "5"));
        Config c = s.toConfig(NodesWithoutACommonSecretNeverJoinTest.class.getClassLoader());
        c.setInstanceName("secret-test-" + port + "-" + System.nanoTime());
        c.setProperty("hazelcast.logging.type", "none");
        c.setClusterName(s.hazelcastClusterName(secret));
        return Hazelcast.newHazelcastInstance(c);
    }

    @Test
    void membersWithAnotherSecretAreRefusedAtTheJoinAndThoseWithTheSameOneMeet() {
        int port = 16270 + (int) (Math.random() * 200);
        List<HazelcastInstance> started = new ArrayList<>();
        try {
            HazelcastInstance first = member(port, ONE);
            started.add(first);
            // The stranger's join asks first's port (same range, same host), which refuses it: it starts a cluster of its own.
            HazelcastInstance stranger = member(port, OTHER);
            started.add(stranger);
            // A member of first's secret asks both and joins first: the join did reach across the range.
            HazelcastInstance second = member(port, ONE);
            started.add(second);

            assertEquals(2, first.getCluster().getMembers().size(), first.getCluster().getMembers().toString());
            assertEquals(2, second.getCluster().getMembers().size(), second.getCluster().getMembers().toString());
            assertEquals(1, stranger.getCluster().getMembers().size(), stranger.getCluster().getMembers().toString());
            assertFalse(stranger.getCluster().getMembers().contains(first.getCluster().getLocalMember()));
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).shutdown();
            }
        }
    }

    @Test
    void theNameKeepsTheConfiguredOneAsPrefixAndTellsNothingOfTheSecret() {
        String one = settings(Map.of()).hazelcastClusterName(ONE);
        assertTrue(one.matches("mlos-[0-9a-f]{16}"), one);
        assertEquals(one, settings(Map.of()).hazelcastClusterName(ONE.clone()), "the same on every node of the secret");
        assertNotEquals(one, settings(Map.of()).hazelcastClusterName(OTHER));
        assertTrue(settings(Map.of("mlos.cluster.name", "shop")).hazelcastClusterName(ONE).startsWith("shop-"));
        String hex = HexFormat.of().formatHex(ONE);
        assertFalse(one.contains(hex.substring(0, 16)) || one.contains(new String(ONE, StandardCharsets.US_ASCII).substring(0, 16)),
                "not the secret itself");
    }

    @Test
    void unauthenticatedMembersNeverMeetAuthenticatedOnes() {
        String off = settings(Map.of("mlos.cluster.auth", "off")).hazelcastClusterName(ONE);
        assertNotEquals(settings(Map.of()).hazelcastClusterName(ONE), off);
        assertEquals("mlos" + MemberSettings.UNAUTHENTICATED,
                settings(Map.of("mlos.cluster.auth", "off")).hazelcastClusterName(null));
    }
}
