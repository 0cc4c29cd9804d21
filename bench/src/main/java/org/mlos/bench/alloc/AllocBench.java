package org.mlos.bench.alloc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.mlos.bench.BenchLine;
import org.mlos.bench.Load;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.alloc.AllocatorBase;
import org.mlos.mem.alloc.arena.ArenaAllocator;
import org.mlos.mem.alloc.pool.PoolAllocator;
import org.mlos.mem.api.OffHeapAllocator;
import org.mlos.mem.api.OffHeapBlock;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The off-heap allocators against {@code ByteBuffer.allocateDirect} and an {@code Arena.ofShared()}
 * per block, in the same run: each thread keeps a window of blocks, freeing the oldest as it
 * allocates a new one. Also FFM against direct buffers for copying values in and out (why the
 * slab store uses FFM), and the stall of allocator swaps under load.
 */
@Command(name = "alloc", mixinStandardHelpOptions = true,
        description = "Off-heap allocators (arena, pool) against ByteBuffer.allocateDirect and Arena.ofShared(): "
                + "allocate/free ops/s; FFM against direct buffers for copies; swaps under load.")
public final class AllocBench implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "3", description = "measured seconds per run (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--threads", defaultValue = "2", description = "threads (default ${DEFAULT-VALUE})")
    int threads;

    static final int WINDOW = 64;
    static final long CAPACITY = 1L << 30;

    /** One allocator as the benchmark drives it. */
    interface Subject {
        Object allocate(int size);

        void free(Object block);
    }

    @Override
    public Integer call() throws Exception {
        double direct = run(new Subject() {
            public Object allocate(int size) {
                ByteBuffer b = ByteBuffer.allocateDirect(size);
                b.put(0, (byte) 1);
                return b;
            }

            public void free(Object block) {
                // the garbage collector frees it, eventually
            }
        });
        print("allocate_direct", direct, direct);
        double shared = run(new Subject() {
            public Object allocate(int size) {
                Arena a = Arena.ofShared();
                a.allocate(size).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
                return a;
            }

            public void free(Object block) {
                ((Arena) block).close();
            }
        });
        print("arena_of_shared", shared, direct);
        for (AllocatorBase a : List.of(new ArenaAllocator(CAPACITY), new PoolAllocator(CAPACITY))) {
            double ops = run(new Subject() {
                public Object allocate(int size) {
                    OffHeapBlock b = a.allocate(size);
                    b.buffer().put(0, (byte) 1);
                    return b;
                }

                public void free(Object block) {
                    a.free((OffHeapBlock) block);
                }
            });
            print(a instanceof ArenaAllocator ? "arena" : "pool", ops, direct);
        }
        copies();
        swapPause();
        return 0;
    }

    private double run(Subject s) throws InterruptedException {
        ThreadLocal<Object[]> windows = ThreadLocal.withInitial(() -> new Object[WINDOW]);
        ThreadLocal<int[]> cursor = ThreadLocal.withInitial(() -> new int[1]);
        return Load.opsPerSecond(threads, 1, seconds, rnd -> {
            Object[] w = windows.get();
            int[] c = cursor.get();
            int i = c[0]++ & (WINDOW - 1);
            if (w[i] != null) {
                s.free(w[i]);
            }
            w[i] = s.allocate(rnd.nextInt(64, 4096));
        });
    }

    private static void print(String impl, double ops, double direct) {
        BenchLine.of("alloc").with("impl", impl).with("ops_s", Math.round(ops)).with("ratio_vs_direct", ops / direct).print();
    }

    /** Copying a 100-byte value into 1 MB of off-heap memory and back: FFM segments against a direct buffer. */
    private void copies() throws InterruptedException {
        int size = 100;
        double ffm;
        double buffer;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment page = arena.allocate(1 << 20);
            ffm = Load.opsPerSecond(threads, 1, seconds, rnd -> {
                byte[] v = new byte[size];
                long off = (long) rnd.nextInt((1 << 20) / size) * size;
                MemorySegment.copy(v, 0, page, ValueLayout.JAVA_BYTE, off, size);
                MemorySegment.copy(page, ValueLayout.JAVA_BYTE, off, v, 0, size);
            });
        }
        ByteBuffer page = ByteBuffer.allocateDirect(1 << 20);
        buffer = Load.opsPerSecond(threads, 1, seconds, rnd -> {
            byte[] v = new byte[size];
            int off = rnd.nextInt((1 << 20) / size) * size;
            page.put(off, v, 0, size);
            page.get(off, v, 0, size);
        });
        BenchLine.of("alloc").with("copy", "ffm_segment").with("ops_s", Math.round(ffm)).with("ratio_vs_direct_buffer", ffm / buffer).print();
        BenchLine.of("alloc").with("copy", "direct_buffer").with("ops_s", Math.round(buffer)).print();
    }

    /** Two threads allocating and freeing through the handle while the allocator swaps back and forth. */
    private void swapPause() throws InterruptedException {
        SwapKernel kernel = new SwapKernel();
        OffHeapAllocator h = kernel.handle(OffHeapAllocator.class);
        ArenaAllocator arena = new ArenaAllocator(CAPACITY);
        PoolAllocator pool = new PoolAllocator(CAPACITY);
        kernel.install(OffHeapAllocator.class, "arena", arena, 0);
        kernel.install(OffHeapAllocator.class, "pool", pool, 0);
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder failed = new LongAdder();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            callers.add(Thread.ofPlatform().start(() -> {
                OffHeapBlock[] w = new OffHeapBlock[WINDOW];
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int i = 0;
                while (!stop.get()) {
                    try {
                        int slot = i++ & (WINDOW - 1);
                        if (w[slot] != null) {
                            h.free(w[slot]);
                        }
                        w[slot] = h.allocate(rnd.nextInt(64, 4096));
                    } catch (RuntimeException e) {
                        failed.increment();
                    }
                }
                for (OffHeapBlock b : w) {
                    if (b != null) {
                        h.free(b);
                    }
                }
            }));
        }
        Thread.sleep(200);
        List<SwapReport> reports = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            reports.add(kernel.swap("OffHeapAllocator", i % 2 == 0 ? "pool" : "arena"));
            Thread.sleep(1);
        }
        stop.set(true);
        for (Thread t : callers) {
            t.join();
        }
        double[] stalls = reports.stream().mapToDouble(r -> (double) r.pauseMicros()).sorted().toArray();
        double[] ms = reports.stream().mapToDouble(r -> r.totalMicros() / 1000.0).sorted().toArray();
        long leaked = arena.ownStats().outstandingBlocks() + pool.ownStats().outstandingBlocks();
        BenchLine.of("swap-pause").with("kind", "OffHeapAllocator").with("mode", "held")
                .with("stall_p99_us", stalls[(int) Math.ceil(0.99 * stalls.length) - 1]).with("stall_max_us", stalls[stalls.length - 1])
                .with("swap_ms_p50", ms[ms.length / 2]).with("lost", leaked).with("swaps", reports.size())
                .with("failed_swaps", reports.stream().filter(r -> r.outcome() != SwapOutcome.COMPLETED).count())
                .with("failed_calls", failed.sum()).print();
    }
}
