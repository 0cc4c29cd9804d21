package org.mlos.bench.store;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.mlos.bench.BenchLine;
import org.mlos.bench.HeapMeter;
import org.mlos.bench.Load;
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
 * entry, and the stall of store swaps under load.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = { "Key-value stores (heap, slab, log) against a plain ConcurrentHashMap and Caffeine: ops/s for",
                "90/10 and 50/50 get/put mixes, heap bytes per entry, and swaps between the stores under load." })
public final class StoreBench implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "5", description = "measured seconds per map or store and mix (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--keys", defaultValue = "100000", description = "keys (default ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--value", defaultValue = "100", description = "value bytes (default ${DEFAULT-VALUE})")
    int valueSize;

    @Option(names = "--threads", defaultValue = "2", description = "threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--stores", split = ",", defaultValue = "heap,slab,log", description = "stores measured (default ${DEFAULT-VALUE})")
    List<String> stores;

    @Option(names = "--no-swap", description = "skip the swap-pause row")
    boolean noSwap;

    static final long CAPACITY = 512L << 20;

    static final Map<String, LongFunction<KeyValueStore>> STORES = Map.of(
            "heap", HeapStore::new, "slab", SlabStore::new, "log", LogStore::new, "lru", LruStore::new);

    @Option(names = "--rounds", defaultValue = "5", description = "each mix's measured time is split into this many rounds, "
            + "taking the maps and stores in turn, so drift in the machine's speed hits them alike (default ${DEFAULT-VALUE})")
    int rounds;

    /** One map or store under load: its operation for a key, and what frees it afterwards. */
    private record Subject(String name, Load.Op op, Runnable close) {
    }

    @Override
    public Integer call() throws Exception {
        for (String impl : stores) {
            if (!STORES.containsKey(impl)) {
                throw new IllegalArgumentException("--stores takes heap, slab, log and/or lru, not " + impl);
            }
        }
        String[] names = new String[keys];
        for (int i = 0; i < keys; i++) {
            names[i] = "key:" + i;
        }
        byte[] value = new byte[valueSize];
        for (int getPercent : new int[] { 90, 50 }) {
            String mix = getPercent + "/" + (100 - getPercent);
            List<Subject> subjects = new java.util.ArrayList<>();
            subjects.add(chm(names, value, getPercent));
            subjects.add(caffeine(names, value, getPercent));
            for (String impl : stores) {
                subjects.add(store(impl, names, value, getPercent));
            }
            double[] ops = new double[subjects.size()];
            for (int r = 0; r < Math.max(1, rounds); r++) {
                for (int i = 0; i < subjects.size(); i++) {
                    ops[i] += Load.opsPerSecond(threads, r == 0 ? 1 : 0.2, seconds / Math.max(1, rounds),
                            subjects.get(i).op());
                }
            }
            subjects.forEach(s -> s.close().run());
            double chmOps = ops[0];
            double caffeineOps = ops[1];
            for (int i = 0; i < subjects.size(); i++) {
                String name = subjects.get(i).name();
                BenchLine line = BenchLine.of("store").with("impl", name).with("mix", mix)
                        .with("ops_s", Math.round(ops[i] / Math.max(1, rounds))).with("ratio_vs_chm", ops[i] / chmOps);
                if (i > 0) {
                    line.with("ratio_vs_caffeine", ops[i] / caffeineOps);
                }
                line.with("heap_bytes_per_entry", heapPerEntry(name, names, value)).print();
            }
        }
        System.out.println("# the maps and stores take turns, " + rounds + " rounds a mix; ops_s is the mean of the rounds;"
                + " caffeine is bounded by the stores' capacity and, like chm, hands out its own array on a get"
                + " where a store copies the value out");
        if (!noSwap) {
            swapPause();
        }
        return 0;
    }

    private Subject chm(String[] names, byte[] value, int getPercent) {
        ConcurrentHashMap<String, byte[]> chm = new ConcurrentHashMap<>();
        for (String k : names) {
            chm.put(k, value.clone()); // one array per entry, as a store holds them
        }
        return new Subject("chm", rnd -> {
            String k = names[rnd.nextInt(keys)];
            if (rnd.nextInt(100) < getPercent) {
                chm.get(k);
            } else {
                chm.put(k, value.clone()); // a store copies the caller's value in
            }
        }, chm::clear);
    }

    /**
     * Caffeine bounded by the same capacity, weighing each entry by key and value bytes (its own
     * per-entry overhead not counted, so it never evicts here either). Values are copied in on put,
     * as a store copies them; a get returns Caffeine's reference, as a Java user would use it.
     */
    private Subject caffeine(String[] names, byte[] value, int getPercent) {
        Cache<String, byte[]> cache = newCaffeine();
        for (String k : names) {
            cache.put(k, value.clone());
        }
        return new Subject("caffeine", rnd -> {
            String k = names[rnd.nextInt(keys)];
            if (rnd.nextInt(100) < getPercent) {
                cache.getIfPresent(k);
            } else {
                cache.put(k, value.clone());
            }
        }, () -> {
            cache.invalidateAll();
            cache.cleanUp();
        });
    }

    private static Cache<String, byte[]> newCaffeine() {
        return Caffeine.newBuilder().maximumWeight(CAPACITY).weigher((String k, byte[] v) -> k.length() + v.length).build();
    }

    private Subject store(String impl, String[] names, byte[] value, int getPercent) {
        KeyValueStore st = STORES.get(impl).apply(CAPACITY);
        for (String k : names) {
            st.set(k, value, 0, 0);
        }
        return new Subject(impl, rnd -> {
            String k = names[rnd.nextInt(keys)];
            if (rnd.nextInt(100) < getPercent) {
                st.get(k);
            } else {
                st.set(k, value, 0, 0);
            }
        }, () -> st.flushAll(0));
    }

    /** Heap bytes each entry costs, measured by loading every key into a fresh structure. */
    private static long heapPerEntry(String impl, String[] names, byte[] value) {
        long before = HeapMeter.used();
        Object holder;
        if (impl.equals("caffeine")) {
            Cache<String, byte[]> cache = newCaffeine();
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
