package org.mlos.launcher.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.mlos.launcher.ControlDir;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlos nodes}: the nodes running on this machine, then the cluster's registry as a local
 * member sees it (every node of the cluster, on any machine); {@code --node} shows one node, and
 * the registry as that node sees it.
 */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = { "Lists the nodes running on this machine, then the cluster's registry, asked of a local member.",
                "Their control sockets are in the run folder: $MLOS_RUN_DIR, else $XDG_RUNTIME_DIR/mlos, else"
                        + " <tmp>/mlos-<user> (shared by every shell of the user)." })
final class NodesCommand implements Callable<Integer> {

    @Option(names = "--node", description = "only this node (its pid, its profile, profile-pid, or its name in a local"
            + " cluster: cache-1), and the registry as it sees it")
    String node;

    @Option(names = "--json", description = "print the cluster's registry as JSON, asked of a local member:"
            + " {\"cluster\", \"local\", \"nodes\": […]}; with no member here (no node running, or none in a cluster)"
            + " the registry is empty, {\"cluster\": null, \"local\": null, \"nodes\": []}, exit code 0 as without"
            + " --json; {\"error\": …} on a failure")
    boolean json;

    @Override
    public Integer call() {
        try {
            return json ? registryJson() : list();
        } catch (Exception e) {
            return fail(e.getMessage());
        }
    }

    private int registryJson() throws Exception {
        if (node != null) {
            NodeClient.pick(node); // fails, naming the running nodes, if none matches
        }
        String registry = NodeClient.clusterRequest(node, "json cluster nodes");
        if (registry == null) {
            // no member to ask: as the text form, which lists what runs here and exits 0, not an error
            System.out.println(EMPTY_REGISTRY);
            return 0;
        }
        System.out.println(registry.strip());
        return registry.startsWith("{\"error\"") ? 1 : 0;
    }

    /**
     * The registry when no local node is a cluster member: the members' shape (ClusterJson.nodes in
     * the cluster bundle) with no cluster and no node, as {"swaps":[]} is {@code swaps}' with none.
     * Written out: the launcher runs on the class path, where a copy of the kernel's API package (its
     * JSON writer) hid the nodes' kernel service from the launcher's own lookups.
     */
    static final String EMPTY_REGISTRY = "{\"cluster\":null,\"local\":null,\"nodes\":[]}";

    private int list() throws Exception {
        List<NodeClient.RunningNode> nodes = node == null ? NodeClient.running() : List.of(NodeClient.pick(node));
        if (nodes.isEmpty()) {
            System.out.println("no node is running (sockets looked for in " + ControlDir.path() + ")");
            return 0;
        }
        System.out.printf("%-14s %8s  %s%n", "PROFILE", "PID", "SOCKET");
        for (NodeClient.RunningNode n : nodes) {
            System.out.printf("%-14s %8d  %s%n", n.profile(), n.pid(), n.socket());
        }
        String cluster = NodeClient.clusterRequest(node, "cluster nodes");
        if (cluster != null) {
            System.out.println();
            System.out.print(cluster);
            String loads = NodeClient.clusterRequest(node, "scale loads");
            if (loads != null && !loads.startsWith("error")) {
                System.out.println();
                System.out.println("load (each node's own figures; state: serving, joining = being filled by mlos scale, draining = leaving):");
                System.out.print(loads);
            }
        }
        return cluster == null || !cluster.startsWith("error:") ? 0 : 1;
    }

    private int fail(String message) {
        if (json) {
            System.out.println(JsonError.of(message));
        } else {
            System.err.println("mlos: " + message);
        }
        return 1;
    }
}
