package org.mlos.bench.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.mlos.bench.BenchLine;
import org.mlos.launcher.process.NodeProcess;

/**
 * What authenticating control messages costs an atomic swap on three nodes: two clusters of three
 * workers, one with {@code mlos.cluster.auth=on} and one with {@code off}, started alternately
 * (so neither is the older, nor the one that saw more members come and go), warmed up alike, then
 * swapped in rounds of one swap each, the order alternating round by round. The overhead is the
 * median of the rounds' differences, which cancels what a round's machine load adds to both.
 */
final class AuthOverhead {

    /** Enough swaps for the swap path to be compiled (C1 at least) on every node of both clusters. */
    static final int WARM_UP_SWAPS = 30;

    /** Starts a worker node of the named cluster on the given port, with extra node arguments. */
    interface Starter {
        NodeProcess start(String cluster, int port, String... args) throws IOException;
    }

    private AuthOverhead() {
    }

    static void measure(Starter starter, int rounds) throws Exception {
        String suffix = UUID.randomUUID().toString();
        List<NodeProcess> on = new ArrayList<>();
        List<NodeProcess> off = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                on.add(starter.start("bench-auth-" + suffix, 16721, "--set", "mlos.cluster.auth=on"));
                off.add(starter.start("bench-noauth-" + suffix, 16751, "--set", "mlos.cluster.auth=off"));
            }
            ClusterBench.awaitKind(on.get(0), on.get(2).pid(), "Scheduler");
            ClusterBench.awaitKind(off.get(0), off.get(2).pid(), "Scheduler");
            String[] impls = { "pool", "loops" };
            for (int i = 0; i < WARM_UP_SWAPS; i++) {
                ClusterBench.totalMillis(ClusterBench.atomicSwap(on.get(0), impls[i % 2]));
                ClusterBench.totalMillis(ClusterBench.atomicSwap(off.get(0), impls[i % 2]));
            }
            long[] withAuth = new long[rounds];
            long[] without = new long[rounds];
            long[] difference = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                String impl = impls[i % 2];
                if (i % 2 == 0) {
                    withAuth[i] = ClusterBench.totalMillis(ClusterBench.atomicSwap(on.get(0), impl));
                    without[i] = ClusterBench.totalMillis(ClusterBench.atomicSwap(off.get(0), impl));
                } else {
                    without[i] = ClusterBench.totalMillis(ClusterBench.atomicSwap(off.get(0), impl));
                    withAuth[i] = ClusterBench.totalMillis(ClusterBench.atomicSwap(on.get(0), impl));
                }
                difference[i] = withAuth[i] - without[i];
            }
            long onMs = median(withAuth);
            long offMs = median(without);
            BenchLine.of("cluster").with("auth", "on").with("atomic_swap_ms", onMs).with("auth_overhead_ms", median(difference))
                    .with("auth_off_atomic_swap_ms", offMs).with("ratio_vs_auth_off", offMs == 0 ? 0 : (double) onMs / offMs)
                    .with("nodes", 3).with("swaps", rounds).print();
            System.out.println("# auth_overhead_ms: median over " + rounds + " rounds of (swap with auth on - the same swap"
                    + " with mlos.cluster.auth=off), two fresh three-node clusters started alternately, " + WARM_UP_SWAPS
                    + " warm-up swaps each, order alternating (goal <= 5)");
        } finally {
            for (NodeProcess n : on) {
                n.stop(Duration.ofSeconds(15));
            }
            for (NodeProcess n : off) {
                n.stop(Duration.ofSeconds(15));
            }
        }
    }

    static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : Math.round((v[v.length / 2 - 1] + v[v.length / 2]) / 2.0);
    }
}
