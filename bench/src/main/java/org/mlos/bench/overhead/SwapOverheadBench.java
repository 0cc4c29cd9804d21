package org.mlos.bench.overhead;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.mlos.bench.BenchLine;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs {@link SwapOverhead} with JMH and prints the table and the handle's ratio to a direct call. */
@Command(name = "swap-overhead", mixinStandardHelpOptions = true,
        description = "Cost of calling through a kind's handle, against a direct call on the same object, "
                + "ServiceTracker.getService() per call, and a DS-style volatile field (JMH, ns/op).")
public final class SwapOverheadBench implements Callable<Integer> {

    @Option(names = "--quick", description = "shorter iterations (a rough figure in about a minute)")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        int seconds = quick ? 1 : 2;
        Options opts = new OptionsBuilder()
                .include(SwapOverhead.class.getName() + "\\.")
                .forks(quick ? 1 : 2)
                .warmupIterations(quick ? 2 : 3).warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend("--sun-misc-unsafe-memory-access=allow")
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, Double> ns = new HashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            ns.put(label.substring(label.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        for (String call : new String[] { "cheap", "map" }) {
            double direct = ns.get(call + "Direct");
            for (String variant : new String[] { "Direct", "Handle", "Tracker", "Volatile" }) {
                double v = ns.get(call + variant);
                BenchLine.of("swap-overhead").with("call", call).with("variant", variant.toLowerCase())
                        .with("ns_op", v).with("ratio_vs_direct", v / direct).print();
            }
        }
        BenchLine.of("swap-overhead").with("ratio_vs_direct", ns.get("cheapHandle") / ns.get("cheapDirect")).print();
        return 0;
    }
}
