package org.mlos.bench;

import org.mlos.bench.alloc.AllocBench;
import org.mlos.bench.boot.BootBench;
import org.mlos.bench.bridge.BridgeBench;
import org.mlos.bench.cluster.ClusterBench;
import org.mlos.bench.elastic.ElasticBench;
import org.mlos.bench.journal.JournalBench;
import org.mlos.bench.memcached.MemcachedBench;
import org.mlos.bench.overhead.SwapOverheadBench;
import org.mlos.bench.pause.SwapPauseBench;
import org.mlos.bench.remote.RemoteBench;
import org.mlos.bench.reps.RepsBench;
import org.mlos.bench.scale.ScaleBench;
import org.mlos.bench.sched.QueueDepthBench;
import org.mlos.bench.sched.SchedBench;
import org.mlos.bench.store.ResizeBench;
import org.mlos.bench.store.StoreBench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mlos bench <name>}: every benchmark prints its figures as {@code BENCH} lines. */
@Command(name = "mlos bench", mixinStandardHelpOptions = true, versionProvider = BenchVersion.class,
        description = { "Runs a benchmark; every figure is printed as a line:",
                "  BENCH <benchmark> <metric>=<value> [<unit>]",
                "Comparisons against a peer are measured in the same run and printed as a ratio." },
        subcommands = { BootBench.class, SwapOverheadBench.class, SwapPauseBench.class, StoreBench.class,
                AllocBench.class, SchedBench.class, MemcachedBench.class, ClusterBench.class,
                JournalBench.class, RemoteBench.class, RepsBench.class,
                ScaleBench.class, ElasticBench.class, QueueDepthBench.class, ResizeBench.class, BridgeBench.class })
public final class Bench implements Runnable {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Bench());
        // -V on a benchmark too, not only on mlos bench: each prints the version
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new BenchVersion()));
        // An option a benchmark refuses, or a tool it needs and does not find, is the user's to fix:
        // its message, not a stack trace.
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (!(e instanceof IllegalArgumentException || e instanceof MissingTool)) {
                throw e;
            }
            line.getErr().println("mlos bench: " + e.getMessage());
            return 2;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
