package org.mlos.bench.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

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
import picocli.CommandLine.Option;

/**
 * The schedulers against {@code Executors.newFixedThreadPool} and {@code ForkJoinPool.commonPool()}
 * in the same run: a submitter keeps a bounded number of short tasks in flight; throughput, and
 * each task's latency from submission to start. Every executor runs once per round, in turn; each
 * figure is the median of the rounds, and the ratio the median of each round's own ratio to the
 * fixed pool, so that a machine's drift does not decide it. Then the stall of scheduler swaps
 * under load.
 */
@Command(name = "sched", mixinStandardHelpOptions = true,
        description = { "Schedulers (pool, loops, virtual) against a fixed thread pool and the common pool:",
                "tasks/s and p99 latency from submission to start; keyed tasks for ours; swaps under load." })
public final class SchedBench implements Callable<Integer> {

    @Option(names = "--tasks", defaultValue = "400000", description = "tasks per run (default ${DEFAULT-VALUE})")
    int tasks;

    static final int IN_FLIGHT = 256;
    static final int KEYS = 64;

    @Option(names = "--impls", split = ",", description = "only these subjects (the fixed pool always runs: it is the "
            + "baseline), e.g. pool,pool_keyed,fixed_keyed; default all")
    List<String> impls;

    @Option(names = "--rounds", defaultValue = "5", description = "rounds; in each, every executor runs once, in turn "
            + "(default ${DEFAULT-VALUE}): the machine's drift hits them alike, and the figures are the rounds' medians")
    int rounds;

    /** One executor under test, and what each round measured of it. */
    private record Subject(String name, BiConsumer<Integer, Runnable> submit, List<double[]> perRound) {
        Subject(String name, BiConsumer<Integer, Runnable> submit) {
            this(name, submit, new ArrayList<>());
        }
    }

    @Override
    public Integer call() throws Exception {
        int workers = Runtime.getRuntime().availableProcessors();
        ExecutorService fixed = Executors.newFixedThreadPool(workers);
        List<AbstractScheduler> ours = List.of(new PoolScheduler(workers), new LoopsScheduler(workers), new VirtualScheduler());
        // The JDK's like-for-like peers: keyed order as the JDK offers it (a single-thread executor
        // per worker, a key always to the same one), and a virtual thread per task.
        ExecutorService[] singles = new ExecutorService[workers];
        for (int w = 0; w < workers; w++) {
            singles[w] = Executors.newSingleThreadExecutor();
        }
        ExecutorService jdkVirtual = Executors.newVirtualThreadPerTaskExecutor();
        List<Subject> subjects = new ArrayList<>(List.of(new Subject("fixed_thread_pool", (i, r) -> fixed.execute(r)),
                new Subject("common_pool", (i, r) -> ForkJoinPool.commonPool().execute(r)),
                new Subject("fixed_keyed", (i, r) -> singles[(i % KEYS) % workers].execute(r)),
                new Subject("jdk_virtual", (i, r) -> jdkVirtual.execute(r))));
        for (AbstractScheduler s : ours) {
            String name = s instanceof PoolScheduler ? "pool" : s instanceof LoopsScheduler ? "loops" : "virtual";
            subjects.add(new Subject(name, (i, r) -> s.execute(r)));
            subjects.add(new Subject(name + "_keyed", (i, r) -> s.execute(i % KEYS, r)));
        }
        if (impls != null) {
            subjects.removeIf(s -> !s.name().equals("fixed_thread_pool") && !impls.contains(s.name()));
        }
        for (Subject subject : subjects) {
            run(subject.submit(), tasks / 4); // warm-up
        }
        for (int round = 0; round < rounds; round++) {
            for (Subject subject : subjects) {
                subject.perRound().add(measure(subject.submit()));
            }
        }
        for (Subject subject : subjects) {
            BenchLine line = BenchLine.of("sched").with("impl", subject.name()).with("tasks_s", Math.round(median(subject, 0)))
                    .with("ratio_vs_fixed", ratio(subject, subjects.get(0)));
            Subject peer = subject.name().endsWith("_keyed") && !subject.name().equals("fixed_keyed") ? find(subjects, "fixed_keyed")
                    : subject.name().startsWith("virtual") ? find(subjects, "jdk_virtual") : null;
            if (peer != null) {
                line.with("ratio_vs_" + peer.name(), ratio(subject, peer));
            }
            line.with("p50_us", median(subject, 1)).with("p99_us", median(subject, 2)).with("rounds", rounds).print();
        }
        fixed.shutdown();
        jdkVirtual.shutdown();
        for (ExecutorService single : singles) {
            single.shutdown();
        }
        ours.forEach(AbstractScheduler::retired);
        swapPause(workers);
        return 0;
    }

    /** The median of each round's own ratio of tasks/s. */
    private double ratio(Subject subject, Subject peer) {
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = subject.perRound().get(r)[0] / peer.perRound().get(r)[0];
        }
        return median(ratios);
    }

    private static Subject find(List<Subject> subjects, String name) {
        return subjects.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** One run: tasks/s, p50 and p99 latency from submission to start (µs). */
    private double[] measure(BiConsumer<Integer, Runnable> submit) throws InterruptedException {
        long[] latency = new long[tasks];
        long t0 = System.nanoTime();
        run(submit, tasks, latency);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(latency);
        return new double[] { tasks / seconds, latency[tasks / 2] / 1000.0, latency[(int) (tasks * 0.99)] / 1000.0 };
    }

    private static double median(Subject subject, int figure) {
        return median(subject.perRound().stream().mapToDouble(r -> r[figure]).toArray());
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void run(BiConsumer<Integer, Runnable> submit, int n) throws InterruptedException {
        run(submit, n, new long[n]);
    }

    private static void run(BiConsumer<Integer, Runnable> submit, int n, long[] latency) throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            int id = i;
            long submitted = System.nanoTime();
            submit.accept(id, () -> {
                latency[id] = System.nanoTime() - submitted;
                inFlight.release();
            });
        }
        inFlight.acquire(IN_FLIGHT);
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
