package org.mlos.bench.store;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import com.github.benmanes.caffeine.cache.Cache;

import org.mlos.bench.BenchLine;
import org.mlos.bench.HeapMeter;
import org.mlos.bench.pause.PauseRun;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.log.LogStore;
import org.mlos.mem.store.lru.LruStore;
import org.mlos.mem.store.slab.SlabStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The key-value stores against a plain {@link ConcurrentHashMap} and against Caffeine (the bounded
 * cache a Java user would pick) in the same run: throughput for two get/put mixes, heap bytes per
 * entry, and the stall of store swaps under load. Each map and store is loaded in a JVM of its own
 * ({@link StoreWorker}), the JVMs taking turns round by round: in one JVM the load loop's call
 * sites saw every store and became megamorphic, so no store was inlined while Caffeine's call was.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Key-value stores (heap, lru, slab, log) against a plain ConcurrentHashMap and Caffeine, each in a "
                + "JVM of its own: ops/s for 90/10 and 50/50 get/put mixes, heap bytes per entry, and swaps between the "
                + "stores under load.")
public final class StoreBench implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "5", description = "measured seconds per map or store and mix (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--keys", defaultValue = "100000", description = "keys (default ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--value", defaultValue = "100", description = "value bytes (default ${DEFAULT-VALUE})")
    int valueSize;

    @Option(names = "--threads", defaultValue = "2", description = "threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--stores", split = ",", defaultValue = "heap,lru,slab,log", description = "stores measured (default ${DEFAULT-VALUE})")
    List<String> stores;

    @Option(names = "--no-swap", description = "skip the swap-pause row")
    boolean noSwap;

    static final long CAPACITY = 512L << 20;

    static final Map<String, LongFunction<KeyValueStore>> STORES = Map.of(
            "heap", HeapStore::new, "slab", SlabStore::new, "log", LogStore::new, "lru", LruStore::new);

    @Option(names = "--rounds", defaultValue = "5", description = "each mix's measured time is split into this many rounds, "
            + "taking the maps and stores in turn, so drift in the machine's speed hits them alike (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--forks", defaultValue = "1", description = "JVMs a subject runs in, one set after another, every "
            + "set taking turns as --rounds says; the figures are the means over them. A JVM's compiled code differs "
            + "from one to the next: on 2 cores Caffeine's ops/s against ConcurrentHashMap's ranged 0.47-0.65 from JVM "
            + "to JVM, ours 0.56-0.58, so a ratio to Caffeine from one JVM each moves by a third (default ${DEFAULT-VALUE})")
    int forks;

    @Option(names = "--worker-heap", defaultValue = "1g", description = "-Xms and -Xmx of each subject's JVM (default ${DEFAULT-VALUE})")
    String workerHeap;

    @Option(names = "--decoded-keys", description = "each get and set takes a key String decoded afresh from its bytes, as "
            + "the memcached server hands a store the key it parsed off a request (every subject alike; rows marked "
            + "keys=decoded). By default the loads use the very strings the subjects were filled with, so a map's key "
            + "check can be an identity compare that never reads the key's bytes")
    boolean decodedKeys;

    @Option(names = "--baseline-jar", description = "a bench jar of an earlier build (with StoreWorker): each store is "
            + "also measured from it, in the same rounds, its rows marked build=baseline, for before and after in one run")
    String baselineJar;

    /** One measured row: a subject's JVM, whether it runs an earlier build, and how it gets. */
    private record Row(String subject, boolean baseline, WorkerProcess worker, boolean copyingGet) {
        String get() {
            return copyingGet ? "copy" : "read";
        }
    }

    /** The keys every subject is filled with and loaded over. */
    static String[] keyNames(int keys) {
        String[] names = new String[keys];
        for (int i = 0; i < keys; i++) {
            names[i] = "key:" + i;
        }
        return names;
    }

    @Override
    public Integer call() throws Exception {
        for (String impl : stores) {
            if (!STORES.containsKey(impl)) {
                throw new IllegalArgumentException("--stores takes heap, slab, log and/or lru, not " + impl);
            }
        }
        if (forks < 1) {
            throw new IllegalArgumentException("--forks takes 1 or more JVMs a subject, not " + forks);
        }
        if (decodedKeys && baselineJar != null) {
            throw new IllegalArgumentException("--decoded-keys and --baseline-jar cannot go together: an earlier build's"
                    + " StoreWorker may not know the key mode; measure before and after with the default keys");
        }
        List<String> subjects = new ArrayList<>(List.of("chm", "caffeine"));
        subjects.addAll(stores);
        int[] mixes = { 90, 50 };
        Figures[] figures = new Figures[mixes.length];
        List<Row> rows = List.of();
        for (int fork = 0; fork < Math.max(1, forks); fork++) {
            List<WorkerProcess> workers = new ArrayList<>();
            try {
                rows = startWorkers(subjects, workers);
                for (int m = 0; m < mixes.length; m++) {
                    figures[m] = measure(rows, mixes[m], figures[m]);
                }
            } finally {
                workers.forEach(WorkerProcess::close);
            }
        }
        for (int m = 0; m < mixes.length; m++) {
            print(rows, mixes[m], figures[m]);
        }
        System.out.println("# each map and store runs in a JVM of its own (as JMH forks one per benchmark), so its call sites"
                + " see one class and are inlined; the JVMs take turns, " + rounds + " rounds a mix, each round starting"
                + " with the next subject, in each of " + forks + " set(s) of JVMs started one after another; ops_s is the"
                + " mean of the rounds. Gets: get=read is KeyValueStore.read, the value"
                + " handed over where it lies (the memcached server's path), like for like with caffeine and chm, whose"
                + " gets hand out their own array; get=copy is KeyValueStore.get, the value copied out for the caller."
                + " Every get touches the value (length and first byte). caffeine is bounded by the stores' capacity."
                + " cpu_ns_op: the load threads' CPU time per operation (less swayed than ops_s by other work on the machine);"
                + " cpu_ratio_vs_caffeine = caffeine's cpu_ns_op / this one's (above 1: cheaper than caffeine);"
                + " jvm_cpu_ns_op: the whole JVM's CPU time per operation (also the collector, the compiler and"
                + " caffeine's maintenance, which runs on the common pool, not on the load threads).");
        if (!noSwap) {
            swapPause();
        }
        return 0;
    }


    /** One JVM per row: every subject, the stores again from the baseline jar if given; the copying gets share their store's JVM. */
    private List<Row> startWorkers(List<String> subjects, List<WorkerProcess> workers) throws Exception {
        List<Row> rows = new ArrayList<>();
        List<Row> copying = new ArrayList<>();
        String classPath = System.getProperty("java.class.path");
        for (String s : subjects) {
            WorkerProcess w = new WorkerProcess(s, keys, valueSize, threads, decodedKeys, workerHeap, classPath);
            workers.add(w);
            rows.add(new Row(s, false, w, false));
            if (STORES.containsKey(s)) {
                copying.add(new Row(s, false, w, true));
            }
        }
        if (baselineJar != null) {
            if (!new java.io.File(baselineJar).isFile()) {
                throw new IllegalArgumentException("--baseline-jar " + baselineJar + " is not a file: give the mlos-bench.jar"
                        + " of an earlier build");
            }
            for (String s : stores) {
                WorkerProcess w = new WorkerProcess(s, keys, valueSize, threads, false, workerHeap, baselineJar);
                workers.add(w);
                rows.add(new Row(s, true, w, false));
                copying.add(new Row(s, true, w, true));
            }
        }
        rows.addAll(copying);
        return rows;
    }

    /** Sums over rounds and forks, per row: ops/s, load threads' CPU ns/op, the JVM's CPU ns/op; and how many rounds. */
    private record Figures(double[] ops, double[] cpu, double[] jvmCpu, int rounds) {
    }

    /** Runs a mix over the rows' JVMs, adding to {@code sums} (null at the first fork). */
    private Figures measure(List<Row> rows, int getPercent, Figures sums) throws Exception {
        int n = rows.size();
        int r0 = Math.max(1, rounds);
        double[] ops = sums == null ? new double[n] : sums.ops();
        double[] cpu = sums == null ? new double[n] : sums.cpu();
        double[] jvmCpu = sums == null ? new double[n] : sums.jvmCpu();
        for (int r = 0; r < r0; r++) {
            for (int j = 0; j < n; j++) {
                int i = (r + j) % n; // each round starts with the next row, so none always follows the same one
                Row row = rows.get(i);
                WorkerProcess.Figures f = row.worker().run(getPercent, row.copyingGet(), r == 0 ? 1 : 0.2, seconds / r0);
                ops[i] += f.opsPerSecond();
                cpu[i] += f.cpuNsPerOp();
                jvmCpu[i] += f.jvmCpuNsPerOp();
            }
        }
        return new Figures(ops, cpu, jvmCpu, (sums == null ? 0 : sums.rounds()) + r0);
    }

    private void print(List<Row> rows, int getPercent, Figures figures) {
        String mix = getPercent + "/" + (100 - getPercent);
        int n = rows.size();
        int r0 = figures.rounds();
        double[] ops = figures.ops();
        double[] cpu = figures.cpu();
        double[] jvmCpu = figures.jvmCpu();
        double chmOps = ops[0];
        double caffeineOps = ops[1];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            BenchLine line = BenchLine.of("store").with("impl", row.subject()).with("mix", mix);
            if (STORES.containsKey(row.subject())) {
                line.with("get", row.get());
            }
            if (row.baseline()) {
                line.with("build", "baseline");
            }
            if (decodedKeys) {
                line.with("keys", "decoded");
            }
            line.with("ops_s", Math.round(ops[i] / r0)).with("ratio_vs_chm", ops[i] / chmOps);
            if (i > 0) {
                line.with("ratio_vs_caffeine", ops[i] / caffeineOps);
            }
            if (!row.baseline()) {
                for (int j = 0; j < n; j++) {
                    Row b = rows.get(j);
                    if (b.baseline() && b.subject().equals(row.subject()) && b.copyingGet() == row.copyingGet()) {
                        line.with("ratio_vs_baseline", ops[i] / ops[j]);
                    }
                }
            }
            line.with("cpu_ns_op", cpu[i] / r0);
            if (i > 0) {
                line.with("cpu_ratio_vs_caffeine", cpu[1] / cpu[i]);
            }
            if (!Double.isNaN(jvmCpu[i])) {
                line.with("jvm_cpu_ns_op", jvmCpu[i] / r0);
                if (i > 0 && !Double.isNaN(jvmCpu[1])) {
                    line.with("jvm_cpu_ratio_vs_caffeine", jvmCpu[1] / jvmCpu[i]);
                }
            }
            if (!row.copyingGet() && !row.baseline()) {
                line.with("heap_bytes_per_entry", heapPerEntry(row.subject(), keyNames(keys), new byte[valueSize]));
            }
            line.print();
        }
    }

    /** Heap bytes each entry costs, measured by loading every key into a fresh structure. */
    private static long heapPerEntry(String impl, String[] names, byte[] value) {
        long before = HeapMeter.used();
        Object holder;
        if (impl.equals("caffeine")) {
            Cache<String, byte[]> cache = StoreSubject.CaffeineCache.newCache();
            for (String k : names) {
                cache.put(new String(k), value.clone());
            }
            cache.cleanUp();
            holder = cache;
        } else if (impl.equals("chm")) {
            ConcurrentHashMap<String, byte[]> m = new ConcurrentHashMap<>();
            for (String k : names) {
                m.put(new String(k), value.clone());
            }
            holder = m;
        } else {
            KeyValueStore st = STORES.get(impl).apply(CAPACITY);
            for (String k : names) {
                st.set(new String(k), value, 0, 0);
            }
            holder = st;
        }
        long after = HeapMeter.used();
        Reference.reachabilityFence(holder);
        if (holder instanceof KeyValueStore st) {
            st.flushAll(0);
        }
        return Math.max(0, (after - before) / names.length);
    }

    /** Stores swapped heap -> slab -> log -> heap ... under two callers, in the swap-pause format. */
    private void swapPause() throws InterruptedException {
        int entries = 100_000;
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(30_000));
        KeyValueStore h = kernel.handle(KeyValueStore.class);
        for (String impl : List.of("heap", "slab", "log")) {
            kernel.install(KeyValueStore.class, impl, STORES.get(impl).apply(CAPACITY), 0);
        }
        byte[] zero = "0".getBytes(StandardCharsets.US_ASCII);
        for (int k = 0; k < entries; k++) {
            h.set(Integer.toString(k), zero, 0, 0);
        }
        PauseRun.Target target = new PauseRun.Target() {
            @Override
            public long add(long key, long delta) {
                return h.increment(Long.toString(key), delta).value();
            }

            @Override
            public long get(long key) {
                return Long.parseLong(new String(h.get(Long.toString(key)).value(), StandardCharsets.US_ASCII));
            }
        };
        PauseRun.Result r = new PauseRun(kernel, KeyValueStore.class.getName(), target, entries, 2)
                .run(30, List.of("heap", "slab", "log"));
        BenchLine.of("swap-pause").with("kind", "KeyValueStore").with("entries", entries).with("mode", "live")
                .with("stall_p99_us", r.stallP99Us()).with("stall_max_us", r.stallMaxUs())
                .with("swap_ms_p50", r.swapMsP50()).with("lost", r.lost()).with("swaps", r.swaps())
                .with("failed_swaps", r.failedSwaps()).with("failed_calls", r.failedCalls())
                .with("call_p99_us", r.callP99Us()).with("baseline_call_p99_us", r.baselineCallP99Us()).print();
    }
}
