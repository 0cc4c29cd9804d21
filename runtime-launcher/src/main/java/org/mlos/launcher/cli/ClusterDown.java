package org.mlos.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.mlos.launcher.supervisor.ClusterFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlos cluster down}: stops every node of a local cluster, and its supervisor. It takes the
 * cluster's start lock ({@link ClusterStartLock}) first: a down during an up read the node list
 * before the up had listed its last nodes, which ran on after the down said it had stopped the
 * cluster. It now waits for the up to end (bounded by {@code --wait}), then stops them all.
 */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = { "Stops the nodes 'mlos cluster up' started, and the ones 'mlos scale' added.",
                "If a 'mlos cluster up' of the cluster is still starting it, waits for it to end first (at most --wait"
                        + " seconds; if it has not ended by then, stops nothing, says so and exits 1).",
                "A cluster of that name not up is nothing to stop, exit code 0, unless clusters of other names are up"
                        + " here: then the name was likely mistyped, and the down names them and exits 1." })
final class ClusterDown implements Callable<Integer> {

    /** As {@code cluster up}: a node slower to stop is more likely hung than leaving. */
    private static final Duration STOP_GRACE = ClusterStart.STOP_GRACE;
    /** Rounds of stopping: a scale under way may list a node it started after the first round read the list. */
    private static final int ROUNDS = 5;

    @Option(names = "--name", defaultValue = "mlos", description = "the cluster's name (default ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--wait", defaultValue = "300", paramLabel = "<seconds>", description = "how long to wait for a"
            + " 'mlos cluster up' of the cluster that is still starting it (default ${DEFAULT-VALUE})")
    long waitSeconds;

    @Override
    @SuppressWarnings("try") // the lock is held for the length of the block; nothing in it refers to it
    public Integer call() throws Exception {
        if (waitSeconds < 0) {
            throw new IllegalArgumentException("--wait takes seconds, 0 or more; got " + waitSeconds);
        }
        Path dir = ClusterCommand.stateFile(name).getParent();
        if (!Files.isDirectory(dir)) {
            return notUp(); // no up ever ran here, nor runs: it makes the folder before it takes the lock
        }
        if (!Files.exists(new ClusterFiles(dir, name).nodes()) && !Files.exists(ClusterStartLock.file(dir, name))) {
            return notUp(); // no up of that name ever ran here: taking its lock would leave a file for a typo
        }
        try (ClusterStartLock lock = ClusterStartLock.take(dir, name, ClusterStartLock.Role.DOWN,
                Duration.ofSeconds(waitSeconds), System.err)) {
            return stop(new ClusterFiles(dir, name));
        }
    }

    private int stop(ClusterFiles files) throws IOException, InterruptedException {
        if (!Files.exists(files.nodes())) {
            return notUp();
        }
        String supervisor = stopSupervisor(files); // first: it would restart the nodes stopped below (or add some for the autoscaler)
        String dead = deadBefore(files);
        java.util.Set<Long> stopped = new java.util.LinkedHashSet<>();
        List<ProcessHandle> nodes = List.of();
        for (int round = 0; round < ROUNDS; round++) {
            // under the cluster files' lock: a scale starts a node and lists it under that lock, so a
            // node is either in the list read here or starts after the files are gone
            nodes = files.locked(() -> {
                List<ProcessHandle> alive = ClusterCommand.alive(files.nodes());
                if (alive.isEmpty()) {
                    Files.deleteIfExists(files.spec());
                    Files.delete(files.nodes()); // last: a down cut short finds the nodes the next time
                }
                return alive;
            });
            if (nodes.isEmpty()) {
                System.out.println("cluster " + name + ": stopped " + stopped.size() + " node(s)" + supervisor + dead);
                return 0;
            }
            stopAll(nodes);
            nodes.forEach(p -> stopped.add(p.pid()));
        }
        String left = nodes.stream().map(p -> String.valueOf(p.pid())).collect(java.util.stream.Collectors.joining(", "));
        throw new IllegalStateException("cluster " + name + " still lists running nodes after " + ROUNDS + " rounds of"
                + " stopping (" + stopped.size() + " signalled; still running: pid " + left + "): a node that outlives"
                + " SIGKILL is stuck in the kernel (see its state in /proc/<pid>/status), or a 'mlos scale' of the"
                + " cluster keeps adding nodes; run 'mlos cluster down" + (name.equals("mlos") ? "" : " --name " + name)
                + "' again once it has ended");
    }

    /**
     * What the summary adds of listed nodes that had died before the down (an outsider's killed node
     * went unmentioned: "stopped 1 node(s)" of a cluster started with two).
     */
    static String deadBefore(ClusterFiles files) {
        try {
            List<String> pids = files.read().stream().map(ClusterFiles.Entry::pid)
                    .filter(pid -> !org.mlos.launcher.Processes.node(pid)).map(String::valueOf).toList();
            return pids.isEmpty() ? "" : "; " + pids.size() + " listed node(s) had died before (pid " + String.join(", ", pids) + ")";
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    /**
     * Stops the supervisor, if the cluster has one; what the summary line adds of it. One that had
     * died was told as stopped, and nothing said that the nodes had gone unsupervised; a pid reused
     * since by another process is not signalled.
     */
    static String stopSupervisor(ClusterFiles files) throws IOException {
        Optional<SupervisorRecord> supervisor = SupervisorRecord.of(files);
        if (supervisor.isEmpty()) {
            return "";
        }
        supervisor.get().process().ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
        Files.delete(files.supervisorPid());
        return supervisor.get().runs() ? " and its supervisor" : "; its supervisor (pid " + supervisor.get().pid()
                + ") had died before: nodes that died since were not restarted (its log: "
                + files.dir().resolve(files.name() + "-supervisor.log") + ")";
    }

    /** SIGTERM to each, then SIGKILL to any still running after {@link #STOP_GRACE}. */
    private static void stopAll(List<ProcessHandle> nodes) {
        for (ProcessHandle p : nodes) {
            p.destroy();
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle p : nodes) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join(); // gone before the list is read again
            }
        }
    }

    /**
     * Nothing to stop, which is no failure when nothing is up here (a down twice stops once); but
     * clusters of other names up here are named, with the command that stops them: a plain
     * {@code mlos cluster down} beside a cluster started {@code --name trial2} said only "no local
     * cluster mlos is up". And then it exits 1: {@code --name dmeo} for demo exited 0, and a script
     * went on as if demo were stopped.
     */
    private int notUp() throws IOException {
        String others = othersUp(ClusterCommand.stateFile(name).getParent(), name, "mlos cluster down");
        if (others.isEmpty()) {
            System.out.println("no local cluster " + name + " is up");
            return 0;
        }
        System.err.println("mlos: no local cluster " + name + " is up, so nothing was stopped" + others);
        return 1;
    }

    /**
     * {@code "; up here: trial2 (3 nodes): mlos cluster down --name trial2"} ({@code command} and
     * the other's name), or "" when none is.
     */
    static String othersUp(Path dir, String name, String command) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        List<String> up = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".nodes")).sorted().toList()) {
                String other = f.getFileName().toString().replaceFirst("\\.nodes$", "");
                int nodes = other.equals(name) ? 0 : ClusterCommand.alive(f).size();
                if (nodes > 0) {
                    up.add(other + " (" + nodes + (nodes == 1 ? " node" : " nodes") + "): " + command + " --name " + other);
                }
            }
        }
        return up.isEmpty() ? "" : "; up here: " + String.join(", ", up);
    }
}
