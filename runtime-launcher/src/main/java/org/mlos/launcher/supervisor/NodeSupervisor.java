package org.mlos.launcher.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.process.ReadyLine;

/**
 * The supervisor process of a local cluster ({@code mlos cluster up --supervise}): watches its
 * nodes' pids every 100 ms and restarts a node that died with the arguments it had (so on its
 * data folder, recovering from its journal), updating the cluster's node list. At most
 * {@value #MAX_RESTARTS} restarts of a node in {@value #WINDOW_S} s, then it leaves that node dead
 * and says so. {@code mlos cluster down} stops the supervisor before the nodes.
 *
 * <p>Arguments: the cluster's name and the folder of its files.
 */
public final class NodeSupervisor {

    static final int MAX_RESTARTS = 5;
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
        new NodeSupervisor(Path.of(args[1]), args[0]).run();
    }

    private void run() throws IOException, InterruptedException {
        Path nodesFile = stateDir.resolve(cluster + ".nodes");
        List<SupervisedNode> spec = SupervisedNode.read(SupervisedNode.specFile(stateDir, cluster));
        List<String[]> state = new ArrayList<>(); // pid, profile, log: the lines of <cluster>.nodes
        for (String l : Files.readAllLines(nodesFile, StandardCharsets.UTF_8)) {
            state.add(l.split(" ", 3));
        }
        if (state.size() != spec.size()) {
            throw new IllegalStateException(nodesFile + " lists " + state.size() + " nodes, the spec " + spec.size());
        }
        List<Deque<Instant>> restarts = new ArrayList<>();
        boolean[] given = new boolean[spec.size()];
        for (int i = 0; i < spec.size(); i++) {
            restarts.add(new ArrayDeque<>());
        }
        say("supervising " + spec.size() + " node(s) of cluster " + cluster);
        while (true) {
            for (int i = 0; i < spec.size(); i++) {
                if (given[i] || alive(Long.parseLong(state.get(i)[0]))) {
                    continue;
                }
                long detected = System.nanoTime();
                SupervisedNode n = spec.get(i);
                Deque<Instant> times = restarts.get(i);
                Instant now = Instant.now();
                while (!times.isEmpty() && times.peekFirst().isBefore(now.minusSeconds(WINDOW_S))) {
                    times.pollFirst();
                }
                if (times.size() >= MAX_RESTARTS) {
                    given[i] = true;
                    say("node " + n.slot() + " died again: " + MAX_RESTARTS + " restarts in " + WINDOW_S
                            + " s already; left dead (mlos cluster down, then up, starts it afresh)");
                    continue;
                }
                times.addLast(now);
                Path log = stateDir.resolve(cluster + "-" + n.slot() + "-r" + times.size() + "-" + now.toEpochMilli() + ".log");
                say("node " + n.slot() + " (pid " + state.get(i)[0] + ") died; restarting it on its data folder");
                try {
                    // the node journals the decision (mlos journal tail shows it): restart N of the window, whose death
                    List<String> args = new ArrayList<>(n.args());
                    args.addAll(List.of("--set", "mlos.supervisor.restart=node " + n.slot() + " (pid " + state.get(i)[0]
                            + ") died; restart " + times.size() + " of at most " + MAX_RESTARTS + " in " + WINDOW_S + " s"));
                    NodeProcess p = NodeProcess.startDetached(layout, n.profile(), args, List.of(), log);
                    state.set(i, new String[] { Long.toString(p.pid()), n.profile(), log.toString() });
                    writeState(nodesFile, state);
                    ReadyLine ready = p.awaitReady(Duration.ofSeconds(120));
                    say("node " + n.slot() + " restarted as pid " + ready.pid() + ", ready "
                            + (System.nanoTime() - detected) / 1_000_000 + " ms after its death was seen (boot_ms="
                            + ready.bootMs() + ")");
                } catch (IOException | RuntimeException e) {
                    say("node " + n.slot() + " did not restart: " + e.getMessage());
                }
            }
            Thread.sleep(100);
        }
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        return p.isPresent() && p.get().isAlive();
    }

    private static void writeState(Path file, List<String[]> state) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String[] s : state) {
            lines.add(String.join(" ", s));
        }
        SupervisedNode.writeAtomically(file, lines);
    }

    private static void say(String line) {
        System.out.println(Instant.now() + " mlos-supervisor: " + line);
        System.out.flush();
    }
}
