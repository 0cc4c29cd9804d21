package org.mlos.bench.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.mlos.bench.BenchLine;
import org.mlos.bench.memcached.Memaslap;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

/**
 * Three cache nodes, durability none, batch and sync (each on a folder of its own), under the
 * same memaslap load in alternating rounds; ops/s of each and its ratio to {@code none}.
 */
final class DurabilityLoad {

    private static final String[] MODES = { "none", "batch", "sync" };
    /** memaslap threads, a connection each: MemcachedBench's pairing (its --connections says why). */
    private static final int THREADS = 2;
    private final Path work;
    private final int seconds;
    private final int rounds;
    private final double getRatio;

    DurabilityLoad(Path work, int seconds, int rounds, double getRatio) {
        this.work = work;
        this.seconds = seconds;
        this.rounds = rounds;
        this.getRatio = getRatio;
    }

    void run() throws Exception {
        Memaslap load = Memaslap.find(work, getRatio, 32, 100);
        List<NodeProcess> nodes = new ArrayList<>();
        int[] ports = new int[MODES.length];
        try {
            for (int i = 0; i < MODES.length; i++) {
                List<String> args = List.of("--port", "0", "--set", "mlos.cluster.name=bench-journal-" + java.util.UUID.randomUUID(),
                        "--set", "mlos.cluster.port=" + (16821 + 20 * i), "--set", "mlos.fault.durability=" + MODES[i],
                        "--set", "mlos.fault.dir=" + work.resolve("node-" + MODES[i]));
                NodeProcess n = NodeProcess.start(NodeLayout.fromSystemProperties(), "cache", args, List.of(), null);
                nodes.add(n);
                ports[i] = n.awaitReady(Duration.ofSeconds(120)).port("memcached");
                System.out.println("# durability=" + MODES[i] + ": cache node pid " + n.pid() + " on port " + ports[i]);
            }
            for (int port : ports) {
                load.run(port, false, THREADS, THREADS, 3); // warm-up, unmeasured
            }
            Memaslap.Result[] sum = new Memaslap.Result[MODES.length];
            java.util.Arrays.fill(sum, Memaslap.NONE);
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < MODES.length; i++) {
                    Memaslap.Result res = load.run(ports[i], false, THREADS, THREADS, seconds);
                    System.out.printf("# durability=%s round %d: %.0f ops/s%n", MODES[i], r + 1, res.opsPerSecond());
                    sum[i] = sum[i].plus(res);
                }
            }
            for (int i = 0; i < MODES.length; i++) {
                BenchLine.of("journal").with("durability", MODES[i]).with("get_ratio", getRatio)
                        .with("memcached_ops_s", Math.round(sum[i].opsPerSecond()))
                        .with("ratio_vs_none", sum[i].opsPerSecond() / sum[0].opsPerSecond()).print();
            }
        } finally {
            for (NodeProcess n : nodes) {
                n.stop(Duration.ofSeconds(30));
            }
        }
    }
}
