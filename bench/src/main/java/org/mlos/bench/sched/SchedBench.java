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
 * each task's latency from submission to start. Then the stall of scheduler swaps under load.
 */
@Command(name = "sched", mixinStandardHelpOptions = true,
        description = { "Schedulers (pool, loops, virtual) against a fixed thread pool and the common pool:",
                "tasks/s and p99 latency from submission to start; keyed tasks for ours; swaps under load." })
public final class SchedBench implements Callable<Integer> {

    @Option(names = "--tasks", defaultValue = "400000", description = "tasks per run (default ${DEFAULT-VALUE})")
    int tasks;

    static final int IN_FLIGHT = 256;
    static final int KEYS = 64;

    @Override
    public Integer call() throws Exception {
        int workers = Runtime.getRuntime().availableProcessors();
        ExecutorService fixed = Executors.newFixedThreadPool(workers);
        measure("fixed_thread_pool", (i, r) -> fixed.execute(r));
        fixed.shutdown();
        measure("common_pool", (i, r) -> ForkJoinPool.commonPool().execute(r));
        for (AbstractScheduler s : List.of(new PoolScheduler(workers), new LoopsScheduler(workers), new VirtualScheduler())) {
            String name = s instanceof PoolScheduler ? "pool" : s instanceof LoopsScheduler ? "loops" : "virtual";
            measure(name, (i, r) -> s.execute(r));
            measure(name + "_keyed", (i, r) -> s.execute(i % KEYS, r));
            s.retired();
        }
        swapPause(workers);
        return 0;
    }

    /** Tasks per second of the fixed thread pool, measured first: the ratio's denominator. */
    private double baseline;

    private void measure(String name, BiConsumer<Integer, Runnable> submit) throws InterruptedException {
        run(submit, tasks / 4); // warm-up
        long[] latency = new long[tasks];
        long t0 = System.nanoTime();
        run(submit, tasks, latency);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double ops = tasks / seconds;
        if (baseline == 0) {
            baseline = ops;
        }
        Arrays.sort(latency);
        BenchLine.of("sched").with("impl", name).with("tasks_s", Math.round(ops))
                .with("ratio_vs_fixed", ops / baseline)
                .with("p50_us", latency[tasks / 2] / 1000.0)
                .with("p99_us", latency[(int) (tasks * 0.99)] / 1000.0).print();
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
