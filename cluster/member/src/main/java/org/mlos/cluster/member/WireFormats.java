package org.mlos.cluster.member;

import java.util.ArrayList;
import java.util.List;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;

/**
 * The generation of the formats members exchange (registry entries, load records, tasks, scale
 * requests), carried as a member attribute so that a node of another build is refused with a
 * reason instead of misreading, or failing to read, what the others publish. Bump {@link #CURRENT}
 * whenever one of those formats changes: members of different builds are not supported.
 */
final class WireFormats {

    static final String ATTRIBUTE = "mlos.wire";
    /** 2: load records carry queue depths. */
    static final String CURRENT = "2";

    private WireFormats() {
    }

    static void declare(Config config, String generation) {
        config.getMemberAttributeConfig().setAttribute(ATTRIBUTE, generation);
    }

    /** "host:port (generation g)" of each other member whose generation differs from this member's. */
    static List<String> foreign(HazelcastInstance instance) {
        Member self = instance.getCluster().getLocalMember();
        List<String> others = new ArrayList<>();
        for (Member m : instance.getCluster().getMembers()) {
            if (!m.localMember() && isForeign(self, m)) {
                others.add(describe(m));
            }
        }
        return others;
    }

    static boolean isForeign(Member self, Member other) {
        String mine = self.getAttribute(ATTRIBUTE);
        return mine != null && !mine.equals(other.getAttribute(ATTRIBUTE));
    }

    static String describe(Member m) {
        String g = m.getAttribute(ATTRIBUTE);
        return m.getAddress().getHost() + ":" + m.getAddress().getPort() + " ("
                + (g == null ? "no mlos wire format: not a node of this project, or a build older than format 2"
                        : "wire format " + g) + ")";
    }

    /**
     * Throws, saying which members and what to do, if the cluster just joined has members of another
     * wire format; the caller leaves the cluster.
     */
    static void requireSame(HazelcastInstance instance, String clusterName) {
        List<String> others = foreign(instance);
        if (!others.isEmpty()) {
            throw new IllegalStateException("cluster " + clusterName + " has members of another build, whose messages this node"
                    + " cannot read (this node: wire format " + instance.getCluster().getLocalMember().getAttribute(ATTRIBUTE)
                    + "): " + String.join(", ", others) + "; run one build of MultiLibOS across a cluster (upgrade"
                    + " every node), or give this node another mlos.cluster.name");
        }
    }
}
