package org.mlos.launcher.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;

import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.process.ReadyLine;

/**
 * The restarts of a local cluster's supervisor process ({@code mlos cluster up --supervise}; the
 * process is {@code cli.SupervisorProcess}, which may also carry out the autoscaler's scale
 * requests): watches its
 * nodes' pids every 100 ms and restarts a node that died with the arguments it had (so on its
 * data folder, recovering from its journal), updating the cluster's node list. At most
 * {@value #MAX_RESTARTS} restarts of a node in {@value #WINDOW_S} s, then it leaves that node dead
 * and says so. {@code mlos cluster down} stops the supervisor before the nodes. Nodes that
 * {@code mlos scale} (or the autoscaler) adds are supervised from then on (restarted off the ring,
 * joining, until the scale put them on it); nodes it removes, or a failed scale-out took away
 * again, are not restarted (the cluster's files, {@link ClusterFiles}, say which nodes are meant
 * to run).
 *
 * <p>Arguments ({@code main}, restarts only): the cluster's name and the folder of its files.
 */
public final class NodeSupervisor {

    static final int MAX_RESTARTS = 5;
    /** The slots whose node this process is restarting now, from its death seen until it serves or fails. */
    private static final Set<String> RESTARTING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    static final long WINDOW_S = 60;

    private final Path stateDir;
    private final String cluster;
    private final NodeLayout layout = NodeLayout.fromSystemProperties();

    private NodeSupervisor(Path stateDir, String cluster) {
        this.stateDir = stateDir;
        this.cluster = cluster;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: NodeSupervisor <cluster name> <state folder>");
            System.exit(2);
        }
        supervise(Path.of(args[1]), args[0]);
    }

    /** Restarts the cluster's dead nodes until the process ends ({@code mlos cluster down}). */
    public static void supervise(Path stateDir, String cluster) throws IOException, InterruptedException {
        new NodeSupervisor(stateDir, cluster).run();
    }

    private void run() throws IOException, InterruptedException {
        ClusterFiles files = new ClusterFiles(stateDir, cluster);
        List<ClusterFiles.Entry> nodes = files.locked(files::read);
        for (ClusterFiles.Entry e : nodes) {
            if (e.node() == null) {
                throw new IllegalStateException(files.nodes() + " lists a node the spec " + files.spec() + " does not");
            }
        }
        Map<String, Deque<Instant>> restarts = new HashMap<>();
        Set<String> given = new HashSet<>();
        say("supervising " + nodes.size() + " node(s) of cluster " + cluster);
        FileTime seen = Files.getLastModifiedTime(files.nodes());
        while (true) {
            // mlos scale and the autoscaler add and remove nodes: follow the files they change
            FileTime now0 = Files.exists(files.nodes()) ? Files.getLastModifiedTime(files.nodes()) : seen;
            if (!now0.equals(seen)) {
                seen = now0;
                nodes = files.locked(files::read);
            }
            for (ClusterFiles.Entry e : nodes) {
                if (e.node() == null || given.contains(e.node().slot()) || alive(e.pid())) {
                    continue;
                }
                restart(files, e, restarts.computeIfAbsent(e.node().slot(), k -> new ArrayDeque<>()), given);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Whether this process is restarting the node of {@code slot} now: the autoscaler's executor,
     * in the same process, counts it as there (a node's death read "below the minimum", and the
     * request added a node beside the one restarted, drained again later).
     */
    public static boolean restarting(String slot) {
        return RESTARTING.contains(slot);
    }

    private void restart(ClusterFiles files, ClusterFiles.Entry dead, Deque<Instant> times, Set<String> given)
            throws IOException, InterruptedException {
        RESTARTING.add(dead.node().slot());
        try {
            restartOnce(files, dead, times, given);
        } finally {
            RESTARTING.remove(dead.node().slot());
        }
    }

    private void restartOnce(ClusterFiles files, ClusterFiles.Entry dead, Deque<Instant> times, Set<String> given)
            throws IOException, InterruptedException {
        long detected = System.nanoTime();
        SupervisedNode n = dead.node();
        Instant now = Instant.now();
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minusSeconds(WINDOW_S))) {
            times.pollFirst();
        }
        if (times.size() >= MAX_RESTARTS) {
            given.add(n.slot());
            say("node " + n.slot() + " died again: " + MAX_RESTARTS + " restarts in " + WINDOW_S
                    + " s already; left dead (mlos cluster down, then up, starts it again, on its data folder)");
            return;
        }
        Path log = stateDir.resolve(cluster + "-" + n.slot() + "-r" + (times.size() + 1) + "-" + now.toEpochMilli() + ".log");
        NodeProcess p = files.locked(() -> {
            // a node that mlos scale removed is stopped on purpose: only restart what is still listed, as it was
            List<ClusterFiles.Entry> current = files.read();
            int i = current.indexOf(dead);
            if (i < 0) {
                return null;
            }
            say("node " + n.slot() + " (pid " + dead.pid() + ") died; restarting it on its data folder");
            // the node journals the decision (mlos journal tail shows it): restart N of the window, whose death
            List<String> args = new ArrayList<>(KeptPorts.withKeptPort(n.args(), NodeSupervisor::say));
            args.addAll(List.of("--set", "mlos.supervisor.restart=node " + n.slot() + " (pid " + dead.pid()
                    + ") died; restart " + (times.size() + 1) + " of at most " + MAX_RESTARTS + " in " + WINDOW_S + " s"));
            NodeProcess started = NodeProcess.startDetached(layout, n.profile(), args, List.of(), log);
            current.set(i, new ClusterFiles.Entry(started.pid(), n.profile(), log.toString(), n));
            files.write(current);
            return started;
        });
        if (p == null) {
            return;
        }
        times.addLast(now);
        try {
            ReadyLine serving = p.awaitServing(Duration.ofSeconds(120));
            KeptPorts.keep(n.args(), serving);
            // a node that mlos scale added keeps mlos.scale.joining=true in its spec until it went on
            // the ring (LocalScaler.JOINING): restarted before, it is off the ring, and that scale fails
            // and takes it away again
            boolean joining = n.args().contains("mlos.scale.joining=true");
            say("node " + n.slot() + " restarted as pid " + serving.pid() + (joining ? " (still joining: off the ring,"
                    + " as mlos scale had not put it on)" : "") + ", serving "
                    + (System.nanoTime() - detected) / 1_000_000 + " ms after its death was seen (serving_ms="
                    + serving.servingMs() + ")");
            if (serving.joinPending()) {
                ReadyLine joined = p.awaitReady(Duration.ofSeconds(120));
                say("node " + n.slot() + " (pid " + joined.pid() + ") joined its cluster" + joined.joinedHow() + " "
                        + (System.nanoTime() - detected) / 1_000_000 + " ms after its death was seen (joined_ms="
                        + joined.joinedMs() + ")");
            }
            // it booted on the profile's defaults: what a cluster swap set since, the others run
            List<ClusterFiles.Entry> others = new ArrayList<>();
            for (ClusterFiles.Entry e : files.read()) {
                if (e.profile().equals(n.profile()) && e.pid() != p.pid() && alive(e.pid())) {
                    others.add(e);
                }
            }
            for (String line : SameImplementations.align(others, List.of(p), List.of(n.slot() + " (pid " + p.pid() + ")"))) {
                say(line.startsWith("node ") ? line : "node " + line);
            }
        } catch (IOException | RuntimeException e) {
            say("node " + n.slot() + " did not restart: " + e.getMessage());
        }
    }

    /**
     * Not a zombie either (a killed node of 'cluster up' that nothing reaps was never restarted), nor
     * a pid the system reused for another process (its node would never be restarted).
     */
    private static boolean alive(long pid) {
        return org.mlos.launcher.Processes.node(pid);
    }

    public static synchronized void say(String line) {
        System.out.println(Instant.now() + " mlos-supervisor: " + line);
        System.out.flush();
    }
}
