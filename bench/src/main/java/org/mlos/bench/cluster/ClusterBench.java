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
 * nodes against the slowest node's own swap, and a 1 MB bundle rolled out to three nodes.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = { "Cluster figures with worker nodes on 127.0.0.1: second-node join time, atomic swap on three",
                "nodes (against the slowest local swap), rollout of a 1 MB bundle to three nodes. Medians." })
public final class ClusterBench implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "5", description = "repetitions of each measurement (default ${DEFAULT-VALUE})")
    int runs;

    private static final Pattern SWAP = Pattern.compile("^COMPLETED .* total_ms=(\\d+)", Pattern.MULTILINE);
    private static final Pattern NODE_MS = Pattern.compile("^\\s+\\S+\\s+\\S+\\s+COMPLETED\\s+(\\d+) ms", Pattern.MULTILINE);
    private static final Pattern ROLLOUT = Pattern.compile("^ROLLED_OUT .* total_ms=(\\d+)", Pattern.MULTILINE);

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
            long[] total = new long[runs];
            long[] slowest = new long[runs];
            String[] impls = { "pool", "loops" };
            for (int i = 0; i < runs; i++) {
                String report = nodes.get(0).request("cluster swap Scheduler " + impls[i % 2] + " --strategy atomic");
                Matcher m = SWAP.matcher(report);
                if (!m.find()) {
                    throw new IllegalStateException("atomic swap did not complete:\n" + report);
                }
                total[i] = Long.parseLong(m.group(1));
                Matcher n = NODE_MS.matcher(report);
                int count = 0;
                while (n.find()) {
                    slowest[i] = Math.max(slowest[i], Long.parseLong(n.group(1)));
                    count++;
                }
                if (count != 3) {
                    throw new IllegalStateException("expected three nodes to swap:\n" + report);
                }
            }
            BenchLine.of("cluster").with("atomic_swap_ms", median(total)).with("slowest_local_swap_ms", median(slowest))
                    .with("overhead_ms", median(total) - median(slowest)).with("nodes", 3).print();

            long[] rollout = new long[runs];
            Path dir = Files.createTempDirectory("mlos-bench-cluster");
            try {
                for (int i = 0; i < runs; i++) {
                    Path jar = bundle(dir, "1.0." + i, 1 << 20);
                    String report = nodes.get(0).request("cluster rollout worker " + jar + " --signature "
                            + keys.sign(Files.readAllBytes(jar)));
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
        NodeProcess n = NodeProcess.start(layout, "worker",
                List.of("--set", "mlos.cluster.name=" + cluster, "--set", "mlos.cluster.port=16701",
                        "--set", OperatorKeys.SECRET_PROPERTY + "=" + keys.secret(),
                        "--set", OperatorKeys.TRUSTED_PROPERTY + "=" + keys.publicKey()), List.of(), null);
        n.awaitReady(Duration.ofSeconds(120));
        return n;
    }

    /** A node's registry fields, as another node sees them (waiting until it is there). */
    private static Map<String, String> node(NodeProcess via, long pid) throws Exception {
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

    private static void awaitKind(NodeProcess via, long pid, String kind) throws Exception {
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
