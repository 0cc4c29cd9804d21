package org.mlos.launcher.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.process.ReadyLine;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.KeptPorts;
import org.mlos.launcher.supervisor.SupervisedNode;

/**
 * Starts the nodes of {@code mlos cluster up}, one after the other, all or none. A node that does
 * not start (its boot failed, it was not ready in time) stops the nodes started before it and
 * removes the cluster's files: a cluster half up was reported as up, its survivors kept running, and
 * the next {@code cluster up} refused ("already up") until {@code cluster down}.
 */
final class ClusterStart {

    static final Duration READY = Duration.ofSeconds(120);
    /** As {@code cluster down}: a node slower to stop is more likely hung than leaving. */
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** Shorter when interrupted: the user is waiting for the prompt, and a node slower than this is killed. */
    static final Duration INTERRUPTED_GRACE = Duration.ofSeconds(10);

    private final NodeLayout layout;
    private final ClusterFiles files;
    private final PrintStream out;
    private final PrintStream err;
    /** Set once a start is interrupted (under the started list's lock, so that no node starts after it). */
    private volatile boolean abandoned;

    ClusterStart(NodeLayout layout, ClusterFiles files, PrintStream out, PrintStream err) {
        this.layout = layout;
        this.files = files;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code nodes}, printing each one's ready line; the cluster's files list each node as
     * it starts (so that {@code cluster down} finds them even if this process dies meanwhile).
     *
     * @return true if every node is ready; false, with every node it started stopped, if one is not
     */
    boolean startAll(List<SupervisedNode> nodes) throws IOException, InterruptedException {
        List<ClusterFiles.Entry> listed = new ArrayList<>();
        List<NodeProcess> started = new ArrayList<>();
        List<String> ready = new ArrayList<>();
        // Ctrl-C (or a TERM) while nodes start: they are detached, so the signal reaches this JVM
        // alone, and they ran on as a cluster half up that the next 'cluster up' found "already up".
        Thread interrupted = new Thread(() -> abandon(started, ready), "mlos-cluster-up-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            return startEach(nodes, listed, started, ready);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs, or has run: it stops what was started
            }
        }
    }

    private boolean startEach(List<SupervisedNode> nodes, List<ClusterFiles.Entry> listed, List<NodeProcess> started,
            List<String> ready) throws IOException, InterruptedException {
        for (SupervisedNode n : nodes) {
            try {
                NodeProcess p;
                synchronized (started) {
                    if (abandoned) {
                        return false;
                    }
                    p = NodeProcess.startDetached(layout, n.profile(),
                            KeptPorts.withKeptPort(n.args(), said -> err.println("mlos: node " + n.slot() + ": " + said)),
                            List.of(), files.log(n.slot()));
                    started.add(p);
                }
                listed.add(new ClusterFiles.Entry(p.pid(), n.profile(), files.log(n.slot()).toString(), n));
                files.locked(() -> {
                    if (!abandoned()) { // else the interrupted start has removed the files, for good
                        files.write(listed);
                    }
                    return null;
                });
                ReadyLine line;
                try (ProgressLines progress = booting(n.slot(), started.size(), nodes.size(), p)) {
                    line = p.awaitReady(READY);
                }
                KeptPorts.keep(n.args(), line);
                synchronized (started) {
                    ready.add(n.slot());
                }
                out.println(n.slot() + "  mlos: ready profile=" + line.profile() + " pid=" + line.pid() + " boot_ms="
                        + line.bootMs() + " serving_ms=" + line.servingMs()
                        + (line.joinedMs() >= 0 ? " joined_ms=" + line.joinedMs() + line.joinedHow() : "") + line.urls() + "  log "
                        + files.log(n.slot()));
            } catch (IOException | RuntimeException e) {
                if (abandoned()) {
                    return false; // interrupted: the node was stopped under its boot, which is no failure of it
                }
                err.println("mlos: node " + n.slot() + " did not start: " + (e instanceof java.nio.file.FileSystemException f
                        ? f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName())
                        : e.getMessage()));
                undo(started, ready, n.slot());
                return false;
            }
        }
        return true;
    }

    private boolean abandoned() {
        return abandoned;
    }

    /** The start interrupted (a shutdown hook): stops every node it started, forgets the cluster, says so. */
    private void abandon(List<NodeProcess> started, List<String> ready) {
        List<NodeProcess> nodes;
        List<String> wereReady;
        synchronized (started) {
            abandoned = true;
            nodes = List.copyOf(started);
            wereReady = List.copyOf(ready);
        }
        if (nodes.isEmpty()) {
            return;
        }
        NodeProcess.stopAll(nodes, INTERRUPTED_GRACE);
        try {
            files.locked(() -> {
                Files.deleteIfExists(files.nodes());
                Files.deleteIfExists(files.spec());
                return null;
            });
        } catch (IOException | InterruptedException e) {
            err.println("mlos: could not remove " + files.nodes() + ": " + e + "; 'mlos cluster down' does");
        }
        err.println("mlos: cluster up interrupted: stopped the " + nodes.size() + " node(s) it had started"
                + (wereReady.isEmpty() ? "" : " (" + String.join(", ", wereReady) + " ready)") + "; cluster "
                + files.name() + " is not up");
        err.flush();
    }

    /** Stops what this start began (the failed node too, should it still run) and forgets the cluster. */
    private void undo(List<NodeProcess> started, List<String> ready, String failed) throws IOException {
        NodeProcess.stopAll(started, STOP_GRACE);
        Files.deleteIfExists(files.nodes());
        Files.deleteIfExists(files.spec());
        err.println("mlos: cluster " + files.name() + " is not up: " + (ready.isEmpty() ? "no node had started before "
                + failed : "stopped the node(s) started before " + failed + " (" + String.join(", ", ready) + ")")
                + ". Its log, " + files.log(failed) + ", says why; fix that and run 'mlos cluster up" + (files.name().equals("mlos") ? "" : " --name " + files.name())
                + " …' again");
    }

    /**
     * While a node boots and joins (seconds, more on a busy machine): a line a second, from
     * 1 s on, saying which node of how many and where it is, e.g.
     * {@code cluster up: cache-1 (1/3), pid 4711: serving, joining the cluster, 2.0 s}.
     */
    private ProgressLines booting(String label, int index, int total, NodeProcess node) {
        long start = System.nanoTime();
        return ProgressLines.of("cluster up", () -> bootingLine(label, index, total, node.pid(), node.serving(),
                System.nanoTime() - start), err);
    }

    /** One line of {@link #booting}: which node of how many, its pid, where it is, how long so far. */
    static String bootingLine(String label, int index, int total, long pid, boolean serving, long elapsedNanos) {
        return "cluster up: " + label + " (" + index + "/" + total + "), pid " + pid + ": "
                + (serving ? "serving, joining the cluster" : "booting")
                + String.format(Locale.ROOT, ", %.1f s", elapsedNanos / 1e9);
    }

}
