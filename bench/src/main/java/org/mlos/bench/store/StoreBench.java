package org.mlos.bench.store;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import org.mlos.bench.BenchLine;
import org.mlos.bench.HeapMeter;
import org.mlos.bench.Load;
import org.mlos.bench.pause.PauseRun;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.log.LogStore;
import org.mlos.mem.store.slab.SlabStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The key-value stores against a plain {@link ConcurrentHashMap} in the same run: throughput for
 * two get/put mixes, heap bytes per entry, and the stall of store swaps under load.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = { "Key-value stores (heap, slab, log) against a plain ConcurrentHashMap: ops/s for 90/10 and",
                "50/50 get/put mixes, heap bytes per entry, and swaps between the stores under load." })
public final class StoreBench implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "3", description = "measured seconds per run (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--keys", defaultValue = "100000", description = "keys (default ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--value", defaultValue = "100", description = "value bytes (default ${DEFAULT-VALUE})")
    int valueSize;

    @Option(names = "--threads", defaultValue = "2", description = "threads (default ${DEFAULT-VALUE})")
    int threads;

    static final long CAPACITY = 512L << 20;

    static final Map<String, LongFunction<KeyValueStore>> STORES = Map.of(
            "heap", HeapStore::new, "slab", SlabStore::new, "log", LogStore::new);

    @Override
    public Integer call() throws Exception {
        String[] names = new String[keys];
        for (int i = 0; i < keys; i++) {
            names[i] = "key:" + i;
        }
        byte[] value = new byte[valueSize];
        for (int getPercent : new int[] { 90, 50 }) {
            String mix = getPercent + "/" + (100 - getPercent);
            ConcurrentHashMap<String, byte[]> chm = new ConcurrentHashMap<>();
            for (String k : names) {
                chm.put(k, value.clone()); // one array per entry, as a store holds them
            }
            double chmOps = Load.opsPerSecond(threads, 1, seconds, rnd -> {
                String k = names[rnd.nextInt(keys)];
                if (rnd.nextInt(100) < getPercent) {
                    chm.get(k);
                } else {
                    chm.put(k, value.clone()); // a store copies the caller's value in
                }
            });
            BenchLine.of("store").with("impl", "chm").with("mix", mix).with("ops_s", Math.round(chmOps))
                    .with("ratio_vs_chm", 1.0).with("heap_bytes_per_entry", heapPerEntry(null, names, value)).print();
            for (String impl : List.of("heap", "slab", "log")) {
                KeyValueStore st = STORES.get(impl).apply(CAPACITY);
                for (String k : names) {
                    st.set(k, value, 0, 0);
                }
                double ops = Load.opsPerSecond(threads, 1, seconds, rnd -> {
                    String k = names[rnd.nextInt(keys)];
                    if (rnd.nextInt(100) < getPercent) {
                        st.get(k);
                    } else {
                        st.set(k, value, 0, 0);
                    }
                });
                BenchLine.of("store").with("impl", impl).with("mix", mix).with("ops_s", Math.round(ops))
                        .with("ratio_vs_chm", ops / chmOps).with("heap_bytes_per_entry", heapPerEntry(impl, names, value))
                        .print();
                st.flushAll(0);
            }
        }
        swapPause();
        return 0;
    }

    /** Heap bytes each entry costs, measured by loading every key into a fresh structure. */
    private static long heapPerEntry(String impl, String[] names, byte[] value) {
        long before = HeapMeter.used();
        Object holder;
        if (impl == null) {
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
