package org.mlos.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.mlos.launcher.ControlDir;
import org.mlos.launcher.Processes;
import org.mlos.launcher.supervisor.ClusterFiles;

/**
 * The local clusters ('mlos cluster up', each under its --name) and their nodes by pid. Two of
 * them up could not be told apart: 'mlos nodes' and 'mlos swap --cluster' acted on one without
 * naming it, and --node cache-1 matched a node in each, both shown as cache-1.
 */
final class LocalClusters {

    /** The name 'cluster up', 'scale' and 'cluster down' take without --name. */
    static final String DEFAULT = "mlos";

    /** A node a local cluster started: the cluster and the slot name 'cluster up' printed (cache-1). */
    record Member(String cluster, String slot) {
        String qualified() {
            return cluster + "/" + slot;
        }
    }

    private final Map<Long, Member> members;
    private final TreeSet<String> up = new TreeSet<>();

    private LocalClusters(Map<Long, Member> members) {
        this.members = members;
        members.forEach((pid, m) -> {
            if (Processes.node(pid)) {
                up.add(m.cluster());
            }
        });
    }

    static Path dir() {
        return ControlDir.path().resolve("cluster");
    }

    /** The names of the clusters with a node list here, up or not, sorted. */
    static List<String> listed() throws IOException {
        if (!Files.isDirectory(dir())) {
            return List.of();
        }
        try (Stream<Path> lists = Files.list(dir())) {
            return lists.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".nodes"))
                    .map(n -> n.substring(0, n.length() - ".nodes".length())).sorted().toList();
        }
    }

    /** The clusters' node lists as they are now. */
    static LocalClusters read() throws IOException {
        Map<Long, Member> out = new LinkedHashMap<>();
        if (Files.isDirectory(dir())) {
            try (Stream<Path> lists = Files.list(dir())) {
                for (Path p : lists.filter(f -> f.getFileName().toString().endsWith(".nodes")).sorted().toList()) {
                    String name = p.getFileName().toString();
                    String cluster = name.substring(0, name.length() - ".nodes".length());
                    for (ClusterFiles.Entry e : new ClusterFiles(dir(), cluster).read()) {
                        if (e.node() != null) {
                            out.put(e.pid(), new Member(cluster, e.node().slot()));
                        }
                    }
                }
            }
        }
        return new LocalClusters(out);
    }

    Member of(long pid) {
        return members.get(pid);
    }

    /** The names of the clusters with a node running, sorted. */
    List<String> up() {
        return List.copyOf(up);
    }

    /** Whether more than one local cluster runs, so a slot name or "the cluster" needs the cluster's name. */
    boolean several() {
        return up.size() > 1;
    }

    /**
     * A node as --node takes it: {@code cache-1 (cache-4711)} for one a local cluster started,
     * {@code demo/cache-1 (cache-4711)} when several clusters are up, else {@code cache-4711}.
     */
    String label(NodeClient.RunningNode n) {
        Member m = members.get(n.pid());
        return m == null ? n.label() : (several() ? m.qualified() : m.slot()) + " (" + n.label() + ")";
    }

    /** The running nodes of cluster {@code name}. */
    List<NodeClient.RunningNode> nodesOf(String name, List<NodeClient.RunningNode> running) {
        List<NodeClient.RunningNode> out = new ArrayList<>();
        for (NodeClient.RunningNode n : running) {
            Member m = members.get(n.pid());
            if (m != null && m.cluster().equals(name)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * The nodes a command about "the cluster" asks: those of {@code name} when given (refused,
     * naming the clusters up and {@code command} to ask one, if it is not up); else those of {@value #DEFAULT} when it is up,
     * else every running node (one started by 'mlos run' may be a member of a cluster of its own).
     */
    List<NodeClient.RunningNode> scope(String name, List<NodeClient.RunningNode> running, String command) throws IOException {
        if (name == null) {
            List<NodeClient.RunningNode> ours = nodesOf(DEFAULT, running);
            return ours.isEmpty() ? running : ours;
        }
        List<NodeClient.RunningNode> ours = nodesOf(name, running);
        if (ours.isEmpty()) {
            // --name knows the clusters 'cluster up' started; nodes of 'mlos run' (their cluster name given by
            // --set mlos.cluster.name) were asked for under it and reported as no cluster at all
            long byRun = running.stream().filter(n -> !members.containsKey(n.pid())).count();
            // without --name the default cluster's nodes are asked when it is up, not those of 'mlos run'
            String ask = nodesOf(DEFAULT, running).isEmpty() ? "are asked without --name, or one by one with --node <pid>"
                    : "are asked one by one with --node <pid>";
            throw new IllegalStateException("no local cluster " + name + " is up" + (up.isEmpty() ? " (none is: mlos cluster up"
                    + " --name " + name + " starts one)" : "; up here: " + String.join(", ", up) + " (" + command
                    + " --name <cluster>)") + (byRun == 0 ? "" : "; --name names the clusters 'mlos cluster up' started: "
                    + byRun + " node(s) started otherwise (mlos run) " + ask));
        }
        return ours;
    }

    /**
     * Which cluster a command acts on, for standard error, when several are up (else null): {@code
     * cluster mlos (also up here: demo; --name demo acts on it)}.
     */
    String actingOn(NodeClient.RunningNode member) {
        if (!several() || member == null) {
            return null;
        }
        Member m = members.get(member.pid());
        String cluster = m == null ? "of node " + label(member) + " (not started by mlos cluster up)" : m.cluster();
        List<String> others = up.stream().filter(c -> m == null || !c.equals(m.cluster())).toList();
        return "cluster " + cluster + ", asked of " + label(member) + " (also up here: " + String.join(", ", others)
                + "; --name <cluster> acts on another)";
    }
}
