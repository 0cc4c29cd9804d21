package org.mlos.bench.reps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.mlos.bench.BenchLine;
import org.mlos.bench.memcached.StatsLayoutComparison;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Per-core representatives: a per-core counter against {@code AtomicLong} and {@code LongAdder}
 * with every core incrementing, the three taking turns round by round; then two cache nodes,
 * per-core and shared server counters, under the same meta load.
 */
@Command(name = "reps", mixinStandardHelpOptions = true,
        description = "Per-core representatives: a per-core counter against AtomicLong and LongAdder, every core "
                + "incrementing (rounds alternate, medians, ratios per round); then the cache node with per-core server "
                + "counters against shared ones under the same pipelined meta load.")
public final class RepsBench implements Callable<Integer> {

    @Option(names = "--increments", defaultValue = "20000000", description = "increments per thread and round (default ${DEFAULT-VALUE})")
    long increments;

    @Option(names = "--rounds", defaultValue = "7", description = "rounds (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--threads", defaultValue = "0", description = "incrementing threads (default 0: one per processor)")
    int threads;

    @Option(names = "--parts", split = ",", defaultValue = "counter,memcached", description = "default ${DEFAULT-VALUE}")
    List<String> parts;

    @Option(names = "--seconds", defaultValue = "20", description = "memcached: measured seconds per node (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "memcached: warm-up seconds per node (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--connections", defaultValue = "4", description = "memcached: client connections (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--meta-depth", defaultValue = "16", description = "memcached: requests per pipelined batch (default ${DEFAULT-VALUE})")
    int depth;

    @Override
    public Integer call() throws Exception {
        for (String p : parts) {
            if (!p.equals("counter") && !p.equals("memcached")) {
                throw new IllegalArgumentException("--parts takes counter and/or memcached, not " + p);
            }
        }
        if (rounds < 1 || increments < 1) {
            throw new IllegalArgumentException("--rounds and --increments must be at least 1");
        }
        if (parts.contains("counter")) {
            counter();
        }
        if (parts.contains("memcached")) {
            new StatsLayoutComparison(seconds, rounds, warmup, connections, depth, 100_000).run();
        }
        return 0;
    }

    private void counter() throws Exception {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        Map<CounterRace.Type, List<Double>> opsPerRound = new EnumMap<>(CounterRace.Type.class);
        for (CounterRace.Type t : CounterRace.Type.values()) {
            opsPerRound.put(t, new ArrayList<>());
        }
        try (CounterRace race = new CounterRace(n, increments)) {
            for (CounterRace.Type t : CounterRace.Type.values()) {
                race.race(t); // warm-up: compiled loops before anything is timed
            }
            CounterRace.Type[] types = CounterRace.Type.values();
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < types.length; i++) {
                    CounterRace.Type t = types[(i + r) % types.length]; // each goes first in turn
                    opsPerRound.get(t).add(race.operations() / (race.race(t) / 1e9));
                }
            }
        }
        double[] vsAdder = new double[rounds];
        double[] vsAtomic = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double p = opsPerRound.get(CounterRace.Type.PERCORE).get(r);
            vsAdder[r] = p / opsPerRound.get(CounterRace.Type.LONGADDER).get(r);
            vsAtomic[r] = p / opsPerRound.get(CounterRace.Type.ATOMICLONG).get(r);
        }
        BenchLine.of("reps").with("counter", "percore").with("ops_s", Math.round(median(opsPerRound.get(CounterRace.Type.PERCORE))))
                .with("ratio_vs_longadder", median(vsAdder)).with("ratio_vs_atomiclong", median(vsAtomic))
                .with("threads", n).with("rounds", rounds).print();
        BenchLine.of("reps").with("counter", "longadder").with("ops_s", Math.round(median(opsPerRound.get(CounterRace.Type.LONGADDER))))
                .print();
        BenchLine.of("reps").with("counter", "atomiclong").with("ops_s", Math.round(median(opsPerRound.get(CounterRace.Type.ATOMICLONG))))
                .print();
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
