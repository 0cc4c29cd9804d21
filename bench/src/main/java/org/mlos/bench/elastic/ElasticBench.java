package org.mlos.bench.elastic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.mlos.bench.BenchLine;
import org.mlos.launcher.OperatorKeys;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How soon a node serves after the decision to start it (issue 16), and how soon a supervised
 * node serves again after it died (issue 14). Medians of fresh node processes, started as
 * {@code mlos cluster up} starts them (JVM sized, the profile's AOT cache when current).
 */
@Command(name = "elastic", mixinStandardHelpOptions = true,
        description = "Decision to serving: nodes of each profile added to a running one-node cluster (a cache node), timed "
                + "until they serve (ready line, and a memcached reply for cache) and until they have joined; restart "
                + "to serving: a supervised durable cache node killed -9, timed until it serves a key written before "
                + "the kill. Cluster profiles also boot with the join during boot (mlos.cluster.join=boot), taking "
                + "turns. Prints BENCH elastic profile=<p> decision_to_serving_ms=… joined_ms=… "
                + "join_in_boot_serving_ms=… ratio_vs_join_in_boot=… and BENCH elastic restart_to_serving_ms=… "
                + "restart_to_joined_ms=… lines.")
public final class ElasticBench implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "5", description = "boots of each profile (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--profiles", defaultValue = "cache,worker,minimal", split = ",",
            description = "profiles to time (default ${DEFAULT-VALUE}; minimal joins no cluster)")
    List<String> profiles;

    @Option(names = "--restarts", defaultValue = "3", description = "kills of the supervised node, at most 4 (default ${DEFAULT-VALUE})")
    int restarts;

    @Option(names = "--parts", defaultValue = "serving,restart", split = ",", description = "serving, restart (default all)")
    List<String> parts;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || restarts < 1 || restarts > 4) {
            throw new IllegalArgumentException("--runs must be at least 1 and --restarts 1 to 4 (the supervisor gives up"
                    + " after 5 restarts in 60 s), got " + runs + " and " + restarts);
        }
        NodeLayout layout = NodeLayout.fromSystemProperties();
        if (parts.contains("serving")) {
            serving(layout);
        }
        if (parts.contains("restart")) {
            List<RestartTime.Restart> r = new RestartTime(layout).measure(restarts, 19_140);
            long[] serving = new long[r.size()];
            long[] joined = new long[r.size()];
            for (int i = 0; i < r.size(); i++) {
                serving[i] = r.get(i).serving();
                joined[i] = r.get(i).joined();
            }
            BenchLine.of("elastic").with("restart_to_serving_ms", median(serving)).with("restart_to_joined_ms", median(joined))
                    .with("max_restart_to_serving_ms", max(serving)).with("restarts", r.size()).print("ms");
        }
        return 0;
    }

    private void serving(NodeLayout layout) throws Exception {
        String cluster = "bench-elastic-" + UUID.randomUUID().toString().substring(0, 8);
        // A secret of the bench's own, as 'mlos cluster up' gives its nodes: nodes without a common
        // secret are different clusters, so the new nodes would have nothing to join.
        Path keyDir = Files.createTempDirectory("mlos-bench-keys");
        OperatorKeys keys = new OperatorKeys(keyDir).ensure();
        List<String> settings = List.of("--set", "mlos.cluster.name=" + cluster, "--set", "mlos.cluster.port=19120",
                "--set", OperatorKeys.SECRET_PROPERTY + "=" + keys.secret());
        List<String> args = new ArrayList<>(settings);
        args.addAll(List.of("--port", "0"));
        // The cluster the new nodes join: one cache node, as a scale-out finds it.
        try (NodeProcess first = NodeProcess.start(layout, "cache", args, List.of(), null)) {
            first.awaitReady(java.time.Duration.ofSeconds(120));
            ServingTime time = new ServingTime(layout, settings);
            for (String profile : profiles) {
                // Side by side: the join in the background (the default) and the join during boot,
                // as nodes did before (mlos.cluster.join=boot), taking turns.
                boolean joins = !profile.equals("minimal");
                List<String> inBoot = List.of("--set", "mlos.cluster.join=boot");
                time.boot(profile, List.of()); // warms the file cache; not counted
                long[] serving = new long[runs];
                long[] ready = new long[runs];
                long[] joined = new long[runs];
                long[] oldServing = new long[runs];
                for (int i = 0; i < runs; i++) {
                    ServingTime.Boot b = time.boot(profile, List.of());
                    serving[i] = b.serving();
                    ready[i] = b.readyLine();
                    joined[i] = b.joined();
                    if (joins) {
                        oldServing[i] = time.boot(profile, inBoot).serving();
                    }
                }
                BenchLine line = BenchLine.of("elastic").with("profile", profile).with("decision_to_serving_ms", median(serving));
                if (joined[0] >= 0) {
                    line.with("joined_ms", median(joined));
                }
                if (joins) {
                    line.with("join_in_boot_serving_ms", median(oldServing))
                            .with("ratio_vs_join_in_boot", (double) median(serving) / median(oldServing));
                }
                line.with("ready_line_ms", median(ready)).with("max_serving_ms", max(serving)).with("runs", runs).print("ms");
            }
        } finally {
            for (Path p : List.of(keys.secret(), keys.privateKey(), keys.publicKey(), keyDir)) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static long max(long[] values) {
        long m = Long.MIN_VALUE;
        for (long v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
