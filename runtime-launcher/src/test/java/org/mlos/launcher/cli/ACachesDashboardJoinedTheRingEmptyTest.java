package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mlos.launcher.NodeArguments;

/**
 * Found by an outsider: {@code cluster up} had no dashboard, and the way the docs gave for a node's
 * ({@code mlos run cache --dashboard --set mlos.cluster.name=…}) added a cache node to the ring with
 * an empty store, a third of the keys then missing at their owner. {@code cluster up --dashboard}
 * gives every node of the cluster its dashboard instead (and nodes a scale-out adds, which start
 * like the others).
 */
class ACachesDashboardJoinedTheRingEmptyTest {

    @Test
    void everyNodeOfAClusterUpWithDashboardServesOne() {
        ClusterCommand.Up up = new ClusterCommand.Up();
        up.name = "watched";
        up.dashboard = true;
        List<String> args = up.nodeArgs(true, List.of(), List.of());
        assertTrue(args.contains("--dashboard"), args.toString());
        NodeArguments.check("cache", args); // what a node accepts
        up.dashboard = false;
        assertFalse(up.nodeArgs(true, List.of(), List.of()).contains("--dashboard"));
    }
}
