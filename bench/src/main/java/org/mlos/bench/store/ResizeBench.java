package org.mlos.bench.store;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.mlos.bench.BenchLine;
import org.mlos.mem.api.KeyValueStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Live resizing ({@code KeyValueStore.resize}, memcached's {@code cache_memlimit}) of a full store,
 * beside Caffeine's {@code setMaximum} on a cache of the same weight in the same run: how long a
 * shrink to half and a grow back take, what was evicted while the shrink ran (the writer's own
 * evictions included), and the longest a writer's set waited over the run.
 */
@Command(name = "resize", mixinStandardHelpOptions = true,
        description = "Resizes full stores (heap, lru, slab, log) to half and back while a writer writes, beside Caffeine's "
                + "setMaximum: shrink and grow times, items evicted, the longest set meanwhile.")
public final class ResizeBench implements Callable<Integer> {

    @Option(names = "--mb", defaultValue = "64", description = "starting capacity in MB (default ${DEFAULT-VALUE})")
    long mb;

    @Option(names = "--value", defaultValue = "1000", description = "value bytes (default ${DEFAULT-VALUE})")
    int valueSize;

    @Option(names = "--stores", split = ",", defaultValue = "heap,lru,slab,log", description = "stores (default ${DEFAULT-VALUE})")
    List<String> stores;

    /** Caffeine weighs an entry as its key and value plus a fixed overhead, like the heap store's count. */
    private static final int CAFFEINE_OVERHEAD = 140;

    @Override
    public Integer call() throws Exception {
        long capacity = mb << 20;
        int fill = (int) (capacity * 3 / 2 / (valueSize + 100));
        byte[] value = new byte[valueSize];
        double caffeineShrink = caffeine(capacity, fill, value);
        for (String name : stores) {
            LongFunction<KeyValueStore> make = StoreBench.STORES.get(name);
            if (make == null) {
                throw new IllegalArgumentException("unknown store '" + name + "'; pick from " + StoreBench.STORES.keySet());
            }
            KeyValueStore st = make.apply(capacity);
            for (int i = 0; i < fill; i++) {
                st.set("k" + i, value, 0, KeyValueStore.NEVER);
            }
            long itemsBefore = st.size();
            Writer writer = new Writer(st, value, fill);
            writer.start();
            writer.awaitWrites(10_000);
            long evictionsBefore = st.stats().evictions();
            long t0 = System.nanoTime();
            st.resize(capacity / 2);
            double shrinkMs = (System.nanoTime() - t0) / 1e6;
            long evicted = st.stats().evictions() - evictionsBefore;
            writer.awaitWrites(20_000);
            long t1 = System.nanoTime();
            st.resize(capacity);
            double growMs = (System.nanoTime() - t1) / 1e6;
            writer.awaitWrites(30_000);
            writer.finish();
            BenchLine.of("resize").with("store", name).with("items", itemsBefore).with("shrink_ms", shrinkMs)
                    .with("evicted_during_shrink", evicted).with("grow_ms", growMs)
                    .with("writer_max_set_ms", writer.maxSetNanos.get() / 1e6)
                    .with("caffeine_shrink_ms", caffeineShrink)
                    .with("ratio_vs_caffeine", caffeineShrink / Math.max(shrinkMs, 1e-3)).print();
        }
        return 0;
    }

    /** Caffeine's shrink to half, maintenance included (its eviction runs there), in ms. */
    private double caffeine(long capacity, int fill, byte[] value) {
        Cache<String, byte[]> cache = Caffeine.newBuilder().maximumWeight(capacity)
                .weigher((String k, byte[] v) -> k.length() + v.length + CAFFEINE_OVERHEAD).executor(Runnable::run).build();
        for (int i = 0; i < fill; i++) {
            cache.put("k" + i, value);
        }
        cache.cleanUp();
        long t0 = System.nanoTime();
        cache.policy().eviction().orElseThrow().setMaximum(capacity / 2);
        cache.cleanUp();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** One writer of new keys, counting its writes and its longest set. */
    private static final class Writer extends Thread {
        private final KeyValueStore store;
        private final byte[] value;
        private final int first;
        final AtomicLong writes = new AtomicLong();
        final AtomicLong maxSetNanos = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private volatile Throwable failure;

        Writer(KeyValueStore store, byte[] value, int first) {
            super("resize-bench-writer");
            this.store = store;
            this.value = value;
            this.first = first;
        }

        @Override
        public void run() {
            try {
                for (int i = first; !stop.get(); i++) {
                    long t = System.nanoTime();
                    store.set("w" + i, value, 0, KeyValueStore.NEVER);
                    long took = System.nanoTime() - t;
                    maxSetNanos.accumulateAndGet(took, Math::max);
                    writes.incrementAndGet();
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        void awaitWrites(long n) {
            while (writes.get() < n && isAlive()) {
                Thread.onSpinWait();
            }
            if (failure != null) {
                throw new IllegalStateException("the writer failed", failure);
            }
        }

        void finish() throws InterruptedException {
            stop.set(true);
            join();
            if (failure != null) {
                throw new IllegalStateException("the writer failed", failure);
            }
        }
    }
}
