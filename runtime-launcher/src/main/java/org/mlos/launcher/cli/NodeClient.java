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
import org.mlos.launcher.supervisor.ClusterFiles;

/** Finds running nodes by their control sockets and sends them one request each. */
final class NodeClient {

    /** A running node: its profile, its process id and its socket. */
    record RunningNode(String profile, long pid, Path socket) {
        String label() {
            return profile + "-" + pid;
        }
    }

    /** Nodes whose socket exists and whose process is alive; stale sockets are removed. */
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
                if (org.mlos.launcher.Processes.running(pid)) {
                    nodes.add(new RunningNode(base.substring(0, dash), pid, p));
                } else {
                    Files.deleteIfExists(p);
                }
            }
        }
        return nodes;
    }

    /** The node a --node value names (pid, profile, profile-pid, or slot in a local cluster); the only node if null. */
    static RunningNode pick(String node) throws IOException {
        List<RunningNode> nodes = running();
        if (nodes.isEmpty()) {
            throw new IllegalStateException("no node is running (start one with: mlos run <profile>)");
        }
        if (node == null) {
            if (nodes.size() > 1) {
                throw new IllegalStateException("several nodes are running; pick one with --node: " + labels(nodes));
            }
            return nodes.get(0);
        }
        List<RunningNode> matches = nodes.stream().filter(n -> node.equals(Long.toString(n.pid()))
                || node.equals(n.profile()) || node.equals(n.label())).toList();
        if (matches.isEmpty()) {
            List<Long> pids = slotPids(node); // one per local cluster that has such a slot
            matches = nodes.stream().filter(n -> pids.contains(n.pid())).toList();
        }
        if (matches.size() != 1) {
            throw new IllegalStateException((matches.isEmpty() ? "no running node matches '" : "several nodes match '")
                    + node + "'; running: " + labels(nodes));
        }
        return matches.get(0);
    }

    /**
     * The pids of the nodes in slot {@code slot} (cache-1: what 'mlos cluster up' names its nodes)
     * of the local clusters, one per cluster that has it; several clusters up make the name
     * ambiguous, which the caller says.
     */
    private static List<Long> slotPids(String slot) throws IOException {
        List<Long> out = new ArrayList<>();
        slots().forEach((pid, s) -> {
            if (s.equals(slot)) {
                out.add(pid);
            }
        });
        return out;
    }

    /** The nodes as --node takes them: {@code cache-1 (cache-4711)} for a node a local cluster started, else {@code cache-4711}. */
    private static String labels(List<RunningNode> nodes) throws IOException {
        java.util.Map<Long, String> slots = slots(); // the names 'cluster up' printed
        return nodes.stream().map(n -> label(n, slots)).collect(Collectors.joining(", "));
    }

    /** A node as --node takes it, by the slot names of {@link #slots}. */
    static String label(RunningNode n, java.util.Map<Long, String> slots) {
        return slots.containsKey(n.pid()) ? slots.get(n.pid()) + " (" + n.label() + ")" : n.label();
    }

    /** The slot names ({@code cache-1}) of the local clusters' nodes, by pid. */
    static java.util.Map<Long, String> slots() throws IOException {
        Path dir = ControlDir.path().resolve("cluster");
        java.util.Map<Long, String> out = new java.util.LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> lists = Files.list(dir)) {
            for (Path p : lists.filter(f -> f.getFileName().toString().endsWith(".nodes")).sorted().toList()) {
                String name = p.getFileName().toString();
                for (ClusterFiles.Entry e : new ClusterFiles(dir, name.substring(0, name.length() - ".nodes".length())).read()) {
                    if (e.node() != null) {
                        out.put(e.pid(), e.node().slot());
                    }
                }
            }
        }
        return out;
    }

    /**
     * Sends a {@code cluster ...} request to a local node that is a cluster member (the one
     * {@code --node} names, else the first that answers), or null if no local node is one.
     */
    static String clusterRequest(String node, String line) throws IOException {
        return clusterRequest(node == null ? running() : List.of(pick(node)), line);
    }

    /** The same, asked of {@code candidates} in turn; a silent one is told on standard error and the next asked. */
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
     * The local node a {@code cluster ...} request goes to: the one {@code --node} names, else the
     * first that answers cluster requests (it may answer that it has not joined yet); null if no
     * local node is a cluster member. The progress of what it coordinates is asked of it too.
     */
    static RunningNode clusterMember(String node) throws IOException {
        List<RunningNode> candidates = node == null ? running() : List.of(pick(node));
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
