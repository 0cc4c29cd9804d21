package org.mlos.bench.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.mlos.bench.BenchLine;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.sched.api.Scheduler;
import org.mlos.sched.core.AbstractScheduler;
import org.mlos.sched.loops.LoopsScheduler;
import org.mlos.sched.pool.PoolScheduler;
import org.mlos.sched.virtual.VirtualScheduler;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The schedulers against {@code Executors.newFixedThreadPool} and the JDK's like-for-like peers,
 * on four workloads, each executor in the same run: {@code short} (one outside submitter, short
 * tasks), {@code chain} and {@code fanout} (work submitted from inside the executor: continuations,
 * connections' messages, scatter-gather; the loops' own), {@code blocking} (tasks that block 1 ms:
 * the virtual threads' own). Every executor runs once per round, in turn, each round starting with
 * the next one; each figure is the median of the rounds, and each ratio the median of each round's
 * own ratio, so that a machine's drift does not decide it. Then the stall of scheduler swaps under load.
 */
@Command(name = "sched", mixinStandardHelpOptions = true,
        description = "Schedulers (pool, loops, virtual) against a fixed thread pool and the JDK's peers, on four "
                + "workloads: short (one outside submitter, short tasks; pool's own), chain and fanout (tasks submitted "
                + "from inside the executor; loops' own), blocking (tasks that block 1 ms; virtual's own): tasks/s and "
                + "p50/p99 latency from submission to start; scheduler swaps under load.")
public final class SchedBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tasks", defaultValue = "400000", description = "tasks per run of short, chain and fanout (default ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "--blocking-tasks", defaultValue = "6000", description = "tasks per run of blocking; a fixed pool of N threads "
            + "runs about N x 1000 of them a second (default ${DEFAULT-VALUE})")
    int blockingTasks;

    @Option(names = "--workloads", split = ",", defaultValue = "short,chain,fanout,blocking",
            description = "which workloads (default ${DEFAULT-VALUE})")
    List<String> workloads;

    @Option(names = "--impls", split = ",", description = "only these subjects (the fixed pool always runs: it is the "
            + "baseline), e.g. loops,loops_keyed,forkjoin; default all")
    List<String> impls;

    @Option(names = "--rounds", defaultValue = "5", description = "rounds; in each, every executor runs once, in turn "
            + "(default ${DEFAULT-VALUE}): the machine's drift hits them alike, and the figures are the rounds' medians")
    int rounds;

    static final int KEYS = ShortTasks.KEYS;
    static final int IN_FLIGHT = ShortTasks.IN_FLIGHT;
    static final String BASELINE = "fixed_thread_pool";

    /** A workload, the executors it compares and each one's like-for-like peer. */
    private record Row(Workload workload, int tasks, List<String> subjects, Map<String, String> peers) {
    }

    private List<Row> rows() {
        Map<String, String> keyedPeers = Map.of("pool_keyed", "fixed_keyed", "loops_keyed", "fixed_keyed",
                "virtual_keyed", "fixed_keyed");
        Map<String, String> shortPeers = new HashMap<>(keyedPeers);
        shortPeers.put("virtual", "jdk_virtual");
        Map<String, String> insidePeers = new HashMap<>(shortPeers);
        insidePeers.put("loops", "forkjoin");
        insidePeers.put("pool", "forkjoin");
        List<Row> all = List.of(
                new Row(new ShortTasks("short", 0), tasks, List.of(BASELINE, "common_pool", "fixed_keyed", "jdk_virtual", "pool",
                        "pool_keyed", "loops", "loops_keyed", "virtual", "virtual_keyed"), shortPeers),
                new Row(new Chains(IN_FLIGHT), tasks, List.of(BASELINE, "forkjoin", "fixed_keyed", "jdk_virtual", "pool",
                        "pool_keyed", "loops", "loops_keyed", "virtual", "virtual_keyed"), insidePeers),
                new Row(new FanOut(IN_FLIGHT / 8, 8), tasks, List.of(BASELINE, "forkjoin", "pool", "loops"), insidePeers),
                new Row(new ShortTasks("blocking", 1_000_000), blockingTasks, List.of(BASELINE, "jdk_virtual", "virtual",
                        "virtual_keyed", "pool", "loops"), Map.of("virtual", "jdk_virtual")));
        List<Row> chosen = new ArrayList<>();
        for (Row row : all) {
            if (workloads.contains(row.workload().name())) {
                chosen.add(row);
            }
        }
        if (chosen.size() != workloads.size()) {
            throw new ParameterException(spec.commandLine(), "--workloads " + String.join(",", workloads)
                    + ": unknown workload; pick from short, chain, fanout, blocking");
        }
        return chosen;
    }

    @Override
    public Integer call() throws Exception {
        if (tasks < ShortTasks.IN_FLIGHT || blockingTasks < ShortTasks.IN_FLIGHT || rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--tasks and --blocking-tasks must be at least "
                    + ShortTasks.IN_FLIGHT + " (the tasks kept in flight) and --rounds at least 1; got " + tasks + ", "
                    + blockingTasks + ", " + rounds);
        }
        int workers = Runtime.getRuntime().availableProcessors();
        List<Row> rows = rows();
        try (Subjects subjects = new Subjects(workers)) {
            if (impls != null) {
                for (String name : impls) {
                    if (!subjects.has(name)) {
                        throw new ParameterException(spec.commandLine(), "--impls: no executor named " + name
                                + "; pick from " + String.join(", ", subjects.names()));
                    }
                }
            }
            for (Row row : rows) {
                runRow(row, subjects);
            }
        }
        swapPause(workers);
        return 0;
    }

    private void runRow(Row row, Subjects subjects) throws InterruptedException {
        List<String> names = new ArrayList<>(row.subjects());
        if (impls != null) {
            names.removeIf(n -> !n.equals(BASELINE) && !impls.contains(n));
        }
        Map<String, List<double[]>> perRound = new LinkedHashMap<>();
        for (String name : names) {
            perRound.put(name, new ArrayList<>());
            row.workload().measure(subjects.get(name), Math.max(1, row.tasks() / 4)); // warm-up
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + round) % names.size()); // each round starts with the next one
                long cpu0 = processCpuNanos();
                double[] f = row.workload().measure(subjects.get(name), row.tasks());
                double cpuPerTask = (processCpuNanos() - cpu0) / (double) row.tasks();
                perRound.get(name).add(new double[] { f[0], f[1], f[2], cpuPerTask });
            }
        }
        List<double[]> base = perRound.get(BASELINE);
        for (String name : names) {
            List<double[]> mine = perRound.get(name);
            BenchLine line = BenchLine.of("sched").with("workload", row.workload().name()).with("impl", name)
                    .with("tasks_s", Math.round(median(mine, 0))).with("ratio_vs_fixed", ratio(mine, base));
            String peer = row.peers().get(name);
            if (peer != null && perRound.containsKey(peer)) {
                line.with("ratio_vs_" + peer, ratio(mine, perRound.get(peer)));
            }
            line.with("p50_us", median(mine, 1)).with("p99_us", median(mine, 2))
                    .with("cpu_ns_task", median(mine, 3)).with("cpu_vs_fixed", cpuRatio(mine, base))
                    .with("rounds", rounds).print();
        }
    }

    /**
     * The process's CPU time a task, this executor's against the fixed pool's (the median of each
     * round's ratio; below 1 costs less). Wall-clock throughput on a shared machine swings with
     * what the other processes take; the CPU a task costs swings far less.
     */
    private static double cpuRatio(List<double[]> subject, List<double[]> peer) {
        double[] ratios = new double[subject.size()];
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = subject.get(r)[3] / peer.get(r)[3];
        }
        return median(ratios);
    }

    /**
     * CPU time of every live platform thread (the submitter, the executors' workers, the carriers
     * of virtual threads, the JVM's own), ns. Summed per thread: the process figure the OS gives
     * moves in 10 ms ticks, 25 ns a task at 400,000 tasks.
     */
    private static long processCpuNanos() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        long sum = 0;
        for (long t : threads.getThreadCpuTime(threads.getAllThreadIds())) {
            sum += Math.max(0, t); // -1: the thread ended meanwhile
        }
        return sum;
    }

    /** The median of each round's own ratio of tasks/s. */
    private static double ratio(List<double[]> subject, List<double[]> peer) {
        double[] ratios = new double[subject.size()];
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = subject.get(r)[0] / peer.get(r)[0];
        }
        return median(ratios);
    }

    private static double median(List<double[]> rounds, int figure) {
        return median(rounds.stream().mapToDouble(r -> r[figure]).toArray());
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Two submitters at full speed (keyed and not) while the scheduler swaps pool -> loops -> virtual. */
    private void swapPause(int workers) throws InterruptedException {
        SwapKernel kernel = new SwapKernel();
        Scheduler h = kernel.handle(Scheduler.class);
        List<AbstractScheduler> all = List.of(new PoolScheduler(workers), new LoopsScheduler(workers), new VirtualScheduler());
        String[] names = { "pool", "loops", "virtual" };
        for (int i = 0; i < 3; i++) {
            kernel.install(Scheduler.class, names[i], all.get(i), 0);
        }
        LongAdder submitted = new LongAdder();
        LongAdder ran = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ids = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            callers.add(Thread.ofPlatform().start(() -> {
                Semaphore inFlight = new Semaphore(IN_FLIGHT);
                while (!stop.get()) {
                    try {
                        inFlight.acquire();
                        int id = ids.incrementAndGet();
                        Runnable r = () -> {
                            ran.increment();
                            inFlight.release();
                        };
                        if ((id & 1) == 0) {
                            h.execute(id % KEYS, r);
                        } else {
                            h.execute(r);
                        }
                        submitted.increment();
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        failed.increment();
                    }
                }
            }));
        }
        Thread.sleep(200);
        List<SwapReport> reports = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            reports.add(kernel.swap("Scheduler", names[(i + 1) % 3]));
            Thread.sleep(2);
        }
        stop.set(true);
        for (Thread t : callers) {
            t.join();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ran.sum() < submitted.sum() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        double[] stalls = reports.stream().mapToDouble(r -> (double) r.pauseMicros()).sorted().toArray();
        double[] ms = reports.stream().mapToDouble(r -> r.totalMicros() / 1000.0).sorted().toArray();
        BenchLine.of("swap-pause").with("kind", "Scheduler").with("mode", "held")
                .with("stall_p99_us", stalls[(int) Math.ceil(0.99 * stalls.length) - 1]).with("stall_max_us", stalls[stalls.length - 1])
                .with("swap_ms_p50", ms[ms.length / 2]).with("lost", submitted.sum() - ran.sum()).with("swaps", reports.size())
                .with("failed_swaps", reports.stream().filter(r -> r.outcome() != SwapOutcome.COMPLETED).count())
                .with("failed_calls", failed.sum()).print();
        all.forEach(AbstractScheduler::retired);
    }
}
