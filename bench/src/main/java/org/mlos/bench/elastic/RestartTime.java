package org.mlos.bench.elastic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mlos.launcher.process.NodeLayout;

/**
 * A supervised node's restart (issue 14): {@code mlos cluster up --supervise} with one durable
 * ({@code sync}) cache node; the node is killed with SIGKILL, round after round, and timed from the
 * kill until the restarted node serves a key written before the kill (recovered from its journal),
 * and until it has joined its cluster again.
 */
final class RestartTime {

    private static final Pattern PORT = Pattern.compile("memcached://127\\.0\\.0\\.1:(\\d+)");

    /** One restart, in ms from the kill. */
    record Restart(long serving, long joined) {
    }

    private final NodeLayout layout;
    private final String name = "bench-restart-" + UUID.randomUUID().toString().substring(0, 8);

    RestartTime(NodeLayout layout) {
        this.layout = layout;
    }

    List<Restart> measure(int rounds, int clusterPort) throws Exception {
        String up = cli("cluster", "up", "--name", name, "--nodes", "cache=1", "--supervise",
                "--set", "mlos.cluster.port=" + clusterPort, "--set", "mlos.fault.durability=sync");
        try {
            Matcher m = PORT.matcher(up);
            Matcher log = Pattern.compile("log (\\S+)-cache-1\\.log").matcher(up);
            if (!m.find() || !log.find()) {
                throw new IllegalStateException("cluster up did not print the node's port and log:\n" + up);
            }
            Path nodes = Path.of(log.group(1)).getParent().resolve(name + ".nodes");
            int port = Integer.parseInt(m.group(1));
            List<Restart> out = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                String key = "restart-" + round;
                String value = UUID.randomUUID().toString();
                Memcached.set(port, key, value);
                long pid = Long.parseLong(Files.readAllLines(nodes).get(0).split(" ")[0]);
                kill(pid);
                long killed = System.nanoTime();
                String[] node = awaitRestarted(nodes, pid, killed);
                port = awaitPort(Path.of(node[2]), killed);
                while (!Memcached.serves(port, key, value)) {
                    timeout(killed, "the restarted node (pid " + node[0] + ") serving " + key);
                    Thread.sleep(1);
                }
                long serving = (System.nanoTime() - killed) / 1_000_000;
                while (!Files.readString(Path.of(node[2]), StandardCharsets.UTF_8).contains("mlos: joined ")) {
                    timeout(killed, "the restarted node (pid " + node[0] + ") joining its cluster");
                    Thread.sleep(5);
                }
                out.add(new Restart(serving, (System.nanoTime() - killed) / 1_000_000));
            }
            return out;
        } finally {
            cli("cluster", "down", "--name", name);
        }
    }

    /** The node list's line once the supervisor restarted the node: pid, profile, log. */
    private static String[] awaitRestarted(Path nodes, long deadPid, long killed) throws Exception {
        while (true) {
            String[] line = Files.readAllLines(nodes).get(0).split(" ", 3);
            if (Long.parseLong(line[0]) != deadPid && Files.exists(Path.of(line[2]))) {
                return line;
            }
            timeout(killed, "the supervisor restarting the node");
            Thread.sleep(5);
        }
    }

    private static int awaitPort(Path log, long killed) throws Exception {
        while (true) {
            Matcher m = PORT.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            timeout(killed, "the restarted node's ready line in " + log);
            Thread.sleep(2);
        }
    }

    private static void timeout(long since, String what) {
        if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(120)) {
            throw new IllegalStateException("gave up waiting 120 s for " + what);
        }
    }

    private static void kill(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-KILL", Long.toString(pid)).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kill -KILL " + pid + " failed");
        }
    }

    private String cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(layout.java()));
        cmd.addAll(layout.jvmOptions());
        cmd.addAll(List.of("-Dmlos.root=" + layout.root(), "-Dmlos.java=" + layout.java(), "-cp", layout.classPath(),
                "org.mlos.launcher.cli.MlosCli", "--images", layout.images().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("mlos " + String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }
}
