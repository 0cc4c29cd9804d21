package org.mlos.cluster.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.testing.StubCluster;

import com.hazelcast.partition.NoDataMemberInClusterException;

/**
 * Found by an outsider's trial: for about 12 s after the only full node of a full + web cluster
 * was killed, {@code mlos nodes} exited 1 on Hazelcast's own words, "Target of invocation cannot
 * be found! Partition owner is null but partitions can't be assigned since all nodes in the
 * cluster are lite members." It now says what is going on and what to do, in text and JSON.
 */
class NodesPrintedHazelcastsWordsWhenNoMemberHeldDataTest {

    @Test
    void aRequestMetWithNoDataMemberSaysWhyAndWhatToDo() {
        ClusterCommands commands = new ClusterCommands(new StubCluster() {
            @Override
            public String localNodeId() {
                return "58f04565-1111-4222-8333-944444444444";
            }

            @Override
            public List<NodeInfo> nodes() {
                // as the Cluster service says it since a swap's report showed Hazelcast's words (outsider helper-146)
                throw new org.mlos.cluster.registry.NoDataMember(new NoDataMemberInClusterException("Target of invocation"
                        + " cannot be found! Partition owner is null but partitions can't be assigned since all nodes in the"
                        + " cluster are lite members."));
            }
        });
        assertEquals("error: " + ClusterCommands.NO_DATA_MEMBER, commands.execute(List.of("nodes")));
        assertEquals("error: " + ClusterCommands.NO_DATA_MEMBER, commands.execute(List.of("nodes", "--lines")));
        assertEquals("{\"error\":\"" + ClusterCommands.NO_DATA_MEMBER + "\"}", commands.executeJson(List.of("nodes")));
    }
}
