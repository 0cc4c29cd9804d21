package org.mlos.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.mlos.launcher.AnswerWait;
import org.mlos.launcher.ControlDir;
import org.mlos.launcher.ControlSocket;

/** Finds running nodes by their control sockets and sends them one request each. */
final class NodeClient {

    /** A running node: its profile, its process id and its socket. */
    record RunningNode(String profile, long pid, Path socket) {
        String label() {
            return profile + "-" + pid;
        }
    }

    /**
     * Nodes whose socket exists and whose process is a node ({@code Processes.node}); stale sockets
     * are removed. Alive was not enough: a dead node's pid reused by another process kept its
     * socket listed as a running node, where the scale and 'cluster down' took it for dead.
     */
    static List<RunningNode> running() throws IOException {
        Path dir = ControlDir.path();
        List<RunningNode> nodes = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return nodes;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".sock")).sorted().toList()) {
                String name = p.getFileName().toString();
                String base = name.substring(0, name.length() - ".sock".length());
                int dash = base.lastIndexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(base.substring(dash + 1));
                } catch (NumberFormatException | IndexOutOfBoundsException e) {
                    continue;
                }
                if (org.mlos.launcher.Processes.node(pid)) {
                    nodes.add(new RunningNode(base.substring(0, dash), pid, p));
                } else {
                    Files.deleteIfExists(p);
                }
            }
        }
        return nodes;
    }

    /** The node a --node value names among all running nodes; the only node if null. */
    static RunningNode pick(String node) throws IOException {
        return pick(node, null);
    }

    /**
     * The node a --node value names (pid, profile, profile-pid, a slot in a local cluster: cache-1,
     * or cluster/slot: demo/cache-1), among the nodes of local cluster {@code cluster} if given; the
     * only one if null. A slot that names a node in several clusters is refused naming each
     * node's cluster.
     */
    static RunningNode pick(String node, String cluster) throws IOException {
        LocalClusters clusters = LocalClusters.read();
        List<RunningNode> nodes = cluster == null ? running()
                : clusters.scope(cluster, running(), "mlos <command>");
        String of = cluster == null ? "" : " of cluster " + cluster;
        if (nodes.isEmpty()) {
            throw new IllegalStateException("no node is running (start one with: mlos run <profile>)");
        }
        if (node == null) {
            if (nodes.size() > 1) {
                throw new IllegalStateException("several nodes" + of + " are running; pick one with --node: "
                        + labels(nodes, clusters));
            }
            return nodes.get(0);
        }
        List<RunningNode> matches = nodes.stream().filter(n -> node.equals(Long.toString(n.pid()))
                || node.equals(n.profile()) || node.equals(n.label())).toList();
        if (matches.isEmpty()) {
            matches = nodes.stream().filter(n -> {
                LocalClusters.Member m = clusters.of(n.pid());
                return m != null && (node.equals(m.slot()) || node.equals(m.qualified()));
            }).toList();
        }
        if (matches.size() != 1) {
            throw new IllegalStateException((matches.isEmpty() ? "no running node" + of + " matches '" : "several nodes"
                    + of + " match '") + node + "'" + (matches.size() > 1 && clusters.several()
                            ? " (pick one by cluster/slot, or with --name <cluster>)" : "")
                    + "; running: " + labels(nodes, clusters));
        }
        return matches.get(0);
    }

    /** The nodes as --node takes them ({@link LocalClusters#label}). */
    private static String labels(List<RunningNode> nodes, LocalClusters clusters) {
        return nodes.stream().map(clusters::label).collect(Collectors.joining(", "));
    }

    /**
     * The nodes a cluster request may go to: the one --node names (in cluster {@code cluster} if
     * given), else those of the cluster ({@link LocalClusters#scope}).
     */
    static List<RunningNode> candidates(String node, String cluster, String command) throws IOException {
        return node != null ? List.of(pick(node, cluster)) : LocalClusters.read().scope(cluster, running(), command);
    }

    /**
     * Sends a {@code cluster ...} request to the first of {@code candidates} ({@link #candidates})
     * that is a cluster member, or null if none is; asked in turn, a silent one is told on standard error and the next asked. */
    static String clusterRequest(List<RunningNode> candidates, String line) throws IOException {
        SilentNode silent = null;
        for (RunningNode n : candidates) {
            try {
                String reply = request(n, line);
                if (!unknownRequest(reply)) {
                    return reply;
                }
            } catch (SilentNode e) {
                silent = skip(candidates, silent, e);
            }
        }
        if (silent != null) {
            throw silent; // none answered, and one of them might have been the member
        }
        return null;
    }

    /**
     * The local node a {@code cluster ...} request goes to: the one of {@code candidates} ({@link
     * #candidates}) that first answers cluster requests (it may answer that it has not joined yet); null if no
     * local node is a cluster member. The progress of what it coordinates is asked of it too.
     */
    static RunningNode clusterMember(List<RunningNode> candidates) throws IOException {
        SilentNode silent = null;
        for (RunningNode n : candidates) {
            try {
                if (!unknownRequest(request(n, "cluster progress --lines"))) {
                    return n;
                }
            } catch (SilentNode e) {
                silent = skip(candidates, silent, e);
            }
        }
        if (silent != null) {
            throw silent;
        }
        return null;
    }

    /**
     * A silent node among several asked in turn: one that stopped must not keep the others from
     * being asked, but the user hears of it, since it may be the member meant.
     */
    private static SilentNode skip(List<RunningNode> candidates, SilentNode first, SilentNode e) throws SilentNode {
        if (candidates.size() == 1) {
            throw e;
        }
        System.err.println("mlos: warning: " + e.getMessage());
        return first == null ? e : first;
    }

    /**
     * Whether a node answered that it does not know the request at all (as text or JSON): no
     * bundle of its profile answers it (a worker has no journal, a minimal node no cluster).
     */
    static boolean unknownRequest(String reply) {
        return reply.startsWith("error: unknown request") || reply.startsWith("{\"error\":\"unknown request");
    }

    /** The node's reply to a query, within {@link SilentNode#within()}; {@link SilentNode} if none came. */
    static String request(RunningNode node, String line) throws IOException {
        try {
            return ControlSocket.request(node.socket(), line, SilentNode.within());
        } catch (ControlSocket.NoAnswer e) {
            throw SilentNode.of(node, line, e);
        }
    }

    /** What a node is asked to see that it still answers: what 'mlos swap' polls while it waits, answered at once. */
    static final String CHECK = AnswerWait.CHECK;

    /**
     * The node's reply to a request that may take long (a swap of a large store takes a minute,
     * a command a bundle adds what it takes), as long as the node answers checks meanwhile
     * ({@link AnswerWait#whileAnswering}).
     */
    static String requestWhileAnswering(RunningNode node, String line) throws IOException {
        try {
            return AnswerWait.whileAnswering(node.socket(), line);
        } catch (ControlSocket.NoAnswer e) {
            throw SilentNode.of(node, line, e);
        }
    }
}
