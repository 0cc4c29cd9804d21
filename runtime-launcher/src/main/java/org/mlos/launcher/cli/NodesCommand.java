package org.mlos.launcher.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.mlos.launcher.ControlDir;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlos nodes}: the nodes running on this machine, then the cluster's registry as a local
 * member sees it (every node of the cluster, on any machine).
 */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = { "Lists the nodes running on this machine (their control sockets are in $MLOS_RUN_DIR, "
                + "default <tmp>/mlos-<user>),", "then the cluster's registry, asked of a local member." })
final class NodesCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print the cluster's registry as JSON (asked of a local member), "
            + "{\"error\": …} when no local node is a member")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (json) {
            String registry = NodeClient.clusterRequest(null, "json cluster nodes");
            System.out.println(registry != null ? registry : "{\"error\":\"no node on this machine is a cluster member\"}");
            return registry != null && !registry.startsWith("{\"error\"") ? 0 : 1;
        }
        List<NodeClient.RunningNode> nodes = NodeClient.running();
        if (nodes.isEmpty()) {
            System.out.println("no node is running (sockets looked for in " + ControlDir.path() + ")");
            return 0;
        }
        System.out.printf("%-14s %8s  %s%n", "PROFILE", "PID", "SOCKET");
        for (NodeClient.RunningNode n : nodes) {
            System.out.printf("%-14s %8d  %s%n", n.profile(), n.pid(), n.socket());
        }
        String cluster = NodeClient.clusterRequest(null, "cluster nodes");
        if (cluster != null) {
            System.out.println();
            System.out.print(cluster);
            String loads = NodeClient.clusterRequest(null, "scale loads");
            if (loads != null && !loads.startsWith("error")) {
                System.out.println();
                System.out.println("load (each node's own figures; state: serving, joining = being filled by mlos scale, draining = leaving):");
                System.out.print(loads);
            }
        }
        return cluster == null || !cluster.startsWith("error:") ? 0 : 1;
    }
}
