package org.mlos.launcher.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.mlos.launcher.ControlDir;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.ControlSocket;

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
                        + " <tmp>/mlos-<user> (shared by every shell of the user).",
                "A node that does not answer within 20 s (stopped, overloaded; $MLOS_ANSWER_TIMEOUT sets other seconds)"
                        + " is marked and the others listed, exit code 1." })
final class NodesCommand implements Callable<Integer> {

    @Option(names = "--node", description = "only this node (its pid, its profile, profile-pid, or its name in a local"
            + " cluster: cache-1, demo/cache-1), and the registry as it sees it")
    String node;

    @Option(names = "--name", paramLabel = "<cluster>", description = "only the nodes of this local cluster ('mlos cluster"
            + " up --name'), and its registry (default: every node here, and the registry of cluster mlos when it is up)")
    String name;

    @Option(names = "--json", description = "print the cluster's registry as JSON, asked of a local member:"
            + " {\"cluster\", \"local\", \"nodes\": […]}; with no member here (no node running, or none in a cluster)"
            + " the registry is empty, {\"cluster\": null, \"local\": null, \"nodes\": []}, exit code 0 as without"
            + " --json; {\"error\": …} on a failure")
    boolean json;

    @Override
    public Integer call() {
        try {
            SilentNode.within(); // a bad MLOS_ANSWER_TIMEOUT is a usage error, before anything is listed
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return 2;
        }
        try {
            return json ? registryJson() : list();
        } catch (Exception e) {
            return fail(e.getMessage());
        }
    }

    private int registryJson() throws Exception {
        String registry = NodeClient.clusterRequest(registryCandidates(NodeClient.running()), "json cluster nodes");
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
        // first: a cluster whose every node is dead has none to list, and was the worst case unsaid
        List<ClusterGaps.Gap> gaps = new java.util.ArrayList<>();
        if (node == null) {
            for (String c : name != null ? List.of(name) : LocalClusters.listed()) {
                gaps.addAll(ClusterGaps.of(new ClusterFiles(LocalClusters.dir(), c)));
            }
        }
        gaps.forEach(g -> System.err.println("mlos: warning: " + g.text()));
        boolean gapsLast = gaps.stream().anyMatch(g -> !g.mended());
        int listed = listNodes();
        return listed != 0 || gapsLast ? 1 : 0;
    }

    private int listNodes() throws Exception {
        LocalClusters clusters = LocalClusters.read();
        List<NodeClient.RunningNode> nodes = node != null ? List.of(NodeClient.pick(node, name))
                : name != null ? clusters.scope(name, NodeClient.running(), "mlos nodes") : NodeClient.running();
        if (nodes.isEmpty()) {
            System.out.println("no node is running (sockets looked for in " + ControlDir.path() + ")");
            return 0;
        }
        Map<NodeClient.RunningNode, SilentNode> silent = silent(nodes);
        // NAME is what --node takes, with the cluster when several are up: two clusters' cache-1 looked alike
        System.out.printf("%-14s %8s  %-16s %s%n", "PROFILE", "PID", "NAME", "SOCKET");
        for (NodeClient.RunningNode n : nodes) {
            LocalClusters.Member m = clusters.of(n.pid());
            System.out.printf("%-14s %8d  %-16s %s%s%n", n.profile(), n.pid(),
                    m == null ? "-" : clusters.several() ? m.qualified() : m.slot(), n.socket(),
                    silent.containsKey(n) ? "  (no answer within " + ControlSocket.seconds(SilentNode.within()) + ")" : "");
        }
        List<NodeClient.RunningNode> answering = registryCandidates(nodes).stream().filter(n -> !silent.containsKey(n))
                .toList();
        NodeClient.RunningNode member = NodeClient.clusterMember(answering);
        String cluster = member == null ? null : NodeClient.request(member, "cluster nodes");
        if (cluster != null) {
            System.out.println();
            String which = clusters.actingOn(member);
            if (which != null) {
                System.out.println("registry of " + which + ":");
            }
            System.out.print(cluster);
            String loads = NodeClient.request(member, "scale loads");
            if (loads != null && !loads.startsWith("error")) {
                System.out.println();
                System.out.println("load (each node's own figures; state: serving, joining = being filled by mlos scale, draining = leaving):");
                System.out.print(loads);
            }
        }
        silent.values().forEach(e -> System.err.println("mlos: " + e.getMessage()));
        return silent.isEmpty() && (cluster == null || !cluster.startsWith("error:")) ? 0 : 1;
    }

    /**
     * The local nodes whose cluster's registry is shown: the one --node names, else those of the
     * cluster --name names, else of cluster mlos when it is up ({@link LocalClusters#scope}).
     */
    private List<NodeClient.RunningNode> registryCandidates(List<NodeClient.RunningNode> listed) throws java.io.IOException {
        return node != null ? List.of(NodeClient.pick(node, name)) : LocalClusters.read().scope(name, listed, "mlos nodes");
    }

    /**
     * The nodes that do not answer a check within {@link SilentNode#within()}, all asked at once: a
     * stopped node held the whole listing (an outsider's trial); now it is marked and the others
     * listed, the registry asked of one that answers.
     */
    private static Map<NodeClient.RunningNode, SilentNode> silent(List<NodeClient.RunningNode> nodes) throws InterruptedException {
        Map<NodeClient.RunningNode, SilentNode> out = new LinkedHashMap<>();
        try (ExecutorService asks = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> checks = nodes.stream().map(n -> asks.submit(() -> NodeClient.request(n, NodeClient.CHECK)))
                    .toList();
            for (int i = 0; i < nodes.size(); i++) {
                try {
                    checks.get(i).get(); // each bounded by the check's own wait
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SilentNode s) {
                        out.put(nodes.get(i), s);
                    } // else it went away since it was listed: the registry tells
                }
            }
        }
        return out;
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
