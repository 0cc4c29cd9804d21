package org.mlos.bench.memcached;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.mlos.bench.BenchLine;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

/**
 * Two cache nodes, alike but for the layout of the server's counters
 * ({@code mlos.memcached.stats.counters=percore|shared}), under the same pipelined meta load
 * (every request bumps several counters), taking turns round by round; the ratio is the median of
 * each round's own ratio.
 */
public final class StatsLayoutComparison {

    private final int seconds;
    private final int rounds;
    private final int warmup;
    private final int connections;
    private final int depth;
    private final int keys;

    public StatsLayoutComparison(int seconds, int rounds, int warmup, int connections, int depth, int keys) {
        this.seconds = seconds;
        this.rounds = Math.max(1, rounds);
        this.warmup = warmup;
        this.connections = connections;
        this.depth = depth;
        this.keys = keys;
    }

    public void run() throws Exception {
        MetaLoad load = new MetaLoad(keys, 32, 100, 0.9, depth);
        try (NodeProcess perCore = start("percore", 16801); NodeProcess shared = start("shared", 16821)) {
            int perCorePort = perCore.awaitReady(Duration.ofSeconds(90)).port("memcached");
            int sharedPort = shared.awaitReady(Duration.ofSeconds(90)).port("memcached");
            System.out.println("# reps memcached: percore node pid " + perCore.pid() + " port " + perCorePort
                    + ", shared node pid " + shared.pid() + " port " + sharedPort);
            load.prefill(perCorePort);
            load.prefill(sharedPort);
            if (warmup > 0) {
                load.run(perCorePort, connections, warmup);
                load.run(sharedPort, connections, warmup);
            }
            double perRound = Math.max(1.0, (double) seconds / rounds);
            double[] ratios = new double[rounds];
            MetaLoad.Result p = MetaLoad.Result.none();
            MetaLoad.Result s = MetaLoad.Result.none();
            List<String> order = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                // Alternate who goes first: the second of a pair runs on a machine the first warmed.
                boolean perCoreFirst = r % 2 == 0;
                MetaLoad.Result a = load.run(perCoreFirst ? perCorePort : sharedPort, connections, perRound);
                MetaLoad.Result b = load.run(perCoreFirst ? sharedPort : perCorePort, connections, perRound);
                MetaLoad.Result pr = perCoreFirst ? a : b;
                MetaLoad.Result sr = perCoreFirst ? b : a;
                ratios[r] = pr.opsPerSecond() / sr.opsPerSecond();
                p = p.plus(pr);
                s = s.plus(sr);
                order.add(String.format("%.0f/%.0f", pr.opsPerSecond(), sr.opsPerSecond()));
            }
            Arrays.sort(ratios);
            double median = rounds % 2 == 1 ? ratios[rounds / 2] : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
            System.out.println("# reps memcached rounds (percore/shared ops/s): " + String.join(" ", order));
            BenchLine.of("reps memcached").with("stats", "percore").with("ops_s", Math.round(p.opsPerSecond()))
                    .with("ratio_vs_shared", median).with("shared_ops_s", Math.round(s.opsPerSecond()))
                    .with("p50_us", p.percentileMicros(0.5)).with("shared_p50_us", s.percentileMicros(0.5))
                    .with("p99_us", p.percentileMicros(0.99)).with("shared_p99_us", s.percentileMicros(0.99))
                    .with("rounds", rounds).print();
        }
    }

    private static NodeProcess start(String layout, int clusterPort) throws Exception {
        List<String> args = List.of("--port", "0", "--set", "mlos.cluster.name=bench-reps-" + UUID.randomUUID(),
                "--set", "mlos.cluster.port=" + clusterPort, "--set", "mlos.memcached.stats.counters=" + layout);
        return NodeProcess.start(NodeLayout.fromSystemProperties(), "cache", args, List.of(), null);
    }
}
