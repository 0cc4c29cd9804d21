package org.mlos.bench.sched;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.mlos.bench.BenchLine;
import org.mlos.sched.core.AbstractScheduler;
import org.mlos.sched.loops.LoopsScheduler;
import org.mlos.sched.pool.PoolScheduler;
import org.mlos.sched.virtual.VirtualScheduler;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What a node pays to publish its scheduler's queue depth every second: {@code queueDepth()}
 * (counters) against {@code stats().queued()} (a walk over every queue and key, what a load
 * figure would cost without it), read side by side in one run while each scheduler holds a
 * backlog of keyed and unkeyed tasks behind held workers. Both must agree on the depth.
 */
@Command(name = "queue-depth", mixinStandardHelpOptions = true,
        description = "Scheduler.queueDepth() (counters) against stats().queued() (a walk over the queues), read while each "
                + "scheduler holds a backlog over many keys: ns per read, and how many times dearer the walk is.")
public final class QueueDepthBench implements Callable<Integer> {

    @Option(names = "--tasks", defaultValue = "20000", description = "tasks held in the backlog (default ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "--keys", defaultValue = "2000", description = "keys the keyed half spreads over (default ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--reads", defaultValue = "20000", description = "reads of each figure per round (default ${DEFAULT-VALUE})")
    int reads;

    @Option(names = "--rounds", defaultValue = "5", description = "rounds, each reading both in turn (default ${DEFAULT-VALUE})")
    int rounds;

    private static volatile long sink;

    @Override
    public Integer call() {
        if (tasks < 1 || keys < 1 || reads < 1 || rounds < 1) {
            throw new IllegalArgumentException("--tasks, --keys, --reads and --rounds must be at least 1");
        }
        for (String name : new String[] { "pool", "loops", "virtual" }) {
            AbstractScheduler s = switch (name) {
                case "pool" -> new PoolScheduler(2);
                case "loops" -> new LoopsScheduler(2);
                default -> new VirtualScheduler();
            };
            run(name, s);
        }
        return 0;
    }

    private void run(String name, AbstractScheduler s) {
        AtomicBoolean open = new AtomicBoolean();
        Runnable held = () -> {
            while (!open.get()) {
                LockSupport.parkNanos(500_000);
            }
        };
        try {
            for (int i = 0; i < tasks; i++) {
                if ((i & 1) == 0) {
                    s.execute((i / 2) % keys, held);
                } else {
                    s.execute(held);
                }
            }
            LockSupport.parkNanos(200_000_000L); // workers take what they can and hold it
            double[] depthNs = new double[rounds];
            double[] statsNs = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                depthNs[r] = nsPerRead(s::queueDepth);
                statsNs[r] = nsPerRead(() -> s.stats().queued());
            }
            long depth = s.queueDepth();
            long walked = s.stats().queued();
            Arrays.sort(depthNs);
            Arrays.sort(statsNs);
            double d = depthNs[rounds / 2];
            double w = statsNs[rounds / 2];
            BenchLine.of("queue-depth").with("impl", name).with("depth", depth).with("stats_queued", walked)
                    .with("keys", keys).with("depth_read_ns", d).with("stats_read_ns", w)
                    .with("stats_over_depth", w / d).with("rounds", rounds).print();
            if (depth != walked) {
                System.out.println("note: " + name + " queueDepth " + depth + " and stats().queued " + walked
                        + " differ: the walk also counts what an implementation queues besides tasks (a key's drainer"
                        + " waiting in the pool)");
            }
        } finally {
            open.set(true);
            s.retired();
        }
    }

    private double nsPerRead(LongSupplier read) {
        long t0 = System.nanoTime();
        long acc = 0;
        for (int i = 0; i < reads; i++) {
            acc += read.getAsLong();
        }
        sink = acc;
        return (System.nanoTime() - t0) / (double) reads;
    }
}
