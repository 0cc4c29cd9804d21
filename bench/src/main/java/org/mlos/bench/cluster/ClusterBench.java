package org.mlos.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mlos.bench.BenchLine;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.OperatorKeys;
import org.mlos.launcher.process.NodeProcess;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cluster on this machine: how long a second node takes to join, an atomic swap on three
 * nodes against the slowest node's own swap and against the same swap unauthenticated, a 1 MB
 * bundle rolled out to three nodes, how soon a paused node is listed again, and what encrypting
 * the distributed store's values costs.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Cluster figures with worker nodes on 127.0.0.1: second-node join time, atomic swap on three nodes "
                + "(against the slowest local swap, and unauthenticated), rollout of a 1 MB bundle to three nodes, "
                + "rejoin after a 30 s pause, store value encryption. Medians.")
public final class ClusterBench implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "5", description = "repetitions of each measurement (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--auth-only", description = "only what authentication costs an atomic swap")
    boolean authOnly;

    private static final Pattern SWAP = Pattern.compile("^COMPLETED .* total_ms=(\\d+)", Pattern.MULTILINE);
    private static final Pattern NODE_MS = Pattern.compile("^\\s+\\S+\\s+\\S+\\s+COMPLETED\\s+(\\d+) ms", Pattern.MULTILINE);
    private static final Pattern ROLLOUT = Pattern.compile("^ROLLED_OUT .* total_ms=(\\d+)", Pattern.MULTILINE);

    private static final int WARM_UP_SWAPS = 10;
    private static final Duration PAUSE = Duration.ofSeconds(30);

    private final String cluster = "bench-" + UUID.randomUUID();
    private final NodeLayout layout = NodeLayout.fromSystemProperties();
    /** The bench cluster's own secret and rollout key (as 'mlos cluster up' makes them), never the user's. */
    private OperatorKeys keys;

    @Override
    public Integer call() throws Exception {
        List<NodeProcess> nodes = new ArrayList<>();
        Path keyDir = Files.createTempDirectory("mlos-bench-keys");
        keys = new OperatorKeys(keyDir).ensure();
        try {
            AuthOverhead.measure((name, port, more) -> start(name, port, more), Math.max(runs, 3) * 5);
            if (authOnly) {
                return 0;
            }
            nodes.add(start());
            long[] join = new long[runs];
            long[] memberStart = new long[runs];
            for (int i = 0; i < runs; i++) {
                NodeProcess second = start();
                Map<String, String> info = node(nodes.get(0), second.pid());
                join[i] = Long.parseLong(info.get("join_ms"));
                memberStart[i] = Long.parseLong(info.get("member_start_ms"));
                if (i < runs - 1) {
                    second.stop(Duration.ofSeconds(15));
                } else {
                    nodes.add(second);
                }
            }
            BenchLine.of("cluster").with("join_ms", median(join)).with("member_start_ms", median(memberStart)).print();
            System.out.println("# join_ms: the second member's Hazelcast join (STARTING to STARTED); member_start_ms:"
                    + " its whole member start, class loading and initialisation included");

            NodeProcess third = start();
            nodes.add(third);
            awaitKind(nodes.get(0), third.pid(), "Scheduler");
            String[] impls = { "pool", "loops" };
            for (int i = 0; i < WARM_UP_SWAPS; i++) {
                totalMillis(atomicSwap(nodes.get(0), impls[i % 2]));
            }
            int samples = Math.max(runs, 3) * 3;
            long[] total = new long[samples];
            long[] slowest = new long[samples];
            for (int i = 0; i < samples; i++) {
                String report = atomicSwap(nodes.get(0), impls[i % 2]);
                total[i] = totalMillis(report);
                slowest[i] = slowestNodeMillis(report);
            }
            BenchLine.of("cluster").with("atomic_swap_ms", median(total)).with("slowest_local_swap_ms", median(slowest))
                    .with("overhead_ms", median(total) - median(slowest)).with("nodes", 3).print();

            long[] rollout = new long[runs];
            Path dir = Files.createTempDirectory("mlos-bench-cluster");
            try {
                for (int i = 0; i < runs; i++) {
                    Path jar = bundle(dir, "1.0." + i, 1 << 20);
                    // every node at once, as the figures measured before one node at a time was the default
                    String report = nodes.get(0).request("cluster rollout worker " + jar + " --signature "
                            + keys.sign(Files.readAllBytes(jar)) + " --all-at-once");
                    Matcher m = ROLLOUT.matcher(report);
                    if (!m.find() || !report.contains("nodes=3")) {
                        throw new IllegalStateException("rollout failed:\n" + report);
                    }
                    rollout[i] = Long.parseLong(m.group(1));
                }
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(dir);
            }
            BenchLine.of("cluster").with("rollout_ms", median(rollout)).with("bundle_bytes", 1 << 20).with("nodes", 3).print();

            BenchLine.of("cluster").with("rejoin_after_pause_ms", PauseRejoin.measure(nodes.get(0), third, PAUSE))
                    .with("pause_s", PAUSE.toSeconds()).print();
            System.out.println("# rejoin_after_pause_ms: a node SIGSTOPped " + PAUSE.toSeconds() + " s (dropped after 10 s),"
                    + " from SIGCONT until the others list it again (goal <= 10000)");

            StoreCipherBench.run();
            return 0;
        } finally {
            for (NodeProcess n : nodes) {
                n.stop(Duration.ofSeconds(15));
            }
            for (Path p : List.of(keys.secret(), keys.privateKey(), keys.publicKey(), keyDir)) {
                Files.deleteIfExists(p);
            }
        }
    }

    private NodeProcess start() throws IOException {
        return start(cluster, 16701);
    }

    private NodeProcess start(String name, int port, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--set", "mlos.cluster.name=" + name, "--set", "mlos.cluster.port=" + port,
                "--set", OperatorKeys.SECRET_PROPERTY + "=" + keys.secret(),
                "--set", OperatorKeys.TRUSTED_PROPERTY + "=" + keys.publicKey()));
        args.addAll(List.of(more));
        NodeProcess n = NodeProcess.start(layout, "worker", args, List.of(), null);
        n.awaitReady(Duration.ofSeconds(120));
        return n;
    }

    static String atomicSwap(NodeProcess via, String impl) throws IOException {
        return via.request("cluster swap Scheduler " + impl + " --strategy atomic");
    }

    static long totalMillis(String report) {
        Matcher m = SWAP.matcher(report);
        if (!m.find()) {
            throw new IllegalStateException("atomic swap did not complete:\n" + report);
        }
        return Long.parseLong(m.group(1));
    }

    private static long slowestNodeMillis(String report) {
        Matcher n = NODE_MS.matcher(report);
        long slowest = 0;
        int count = 0;
        while (n.find()) {
            slowest = Math.max(slowest, Long.parseLong(n.group(1)));
            count++;
        }
        if (count != 3) {
            throw new IllegalStateException("expected three nodes to swap:\n" + report);
        }
        return slowest;
    }

    /** A node's registry fields, as another node sees them (waiting until it is there). */
    static Map<String, String> node(NodeProcess via, long pid) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (String line : via.request("cluster nodes --lines").split("\n")) {
                Map<String, String> f = new HashMap<>();
                for (String kv : line.replaceFirst("^node ", "").split(" ")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        f.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                if (String.valueOf(pid).equals(f.get("pid"))) {
                    return f;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("node " + pid + " never appeared in the registry");
    }

    static void awaitKind(NodeProcess via, long pid, String kind) throws Exception {
        for (int attempt = 0; attempt < 100 && !node(via, pid).getOrDefault("kinds", "").contains(kind); attempt++) {
            Thread.sleep(100);
        }
    }

    /** A bundle of about {@code size} bytes of incompressible content. */
    private static Path bundle(Path dir, String version, int size) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.mlos.bench.payload");
        a.putValue("Bundle-Version", version);
        byte[] payload = new byte[size];
        new Random(version.hashCode()).nextBytes(payload);
        Path jar = dir.resolve("payload-" + version + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            JarEntry e = new JarEntry("payload.bin");
            e.setMethod(JarEntry.STORED);
            e.setSize(size);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(payload);
            e.setCrc(crc.getValue());
            out.putNextEntry(e);
            out.write(payload);
            out.putNextEntry(new JarEntry("version.txt"));
            out.write(version.getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
