package org.mlos.mem.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.alloc.arena.ArenaAllocator;
import org.mlos.mem.alloc.pool.PoolAllocator;
import org.mlos.mem.api.OffHeapAllocator;
import org.mlos.mem.api.OffHeapBlock;

/**
 * Swaps back and forth while threads allocate, write, check and free through the handle:
 * blocks outlive the allocator that made them, frees reach their owner, nothing leaks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AllocatorSwapTest {

    @Test
    void outstandingBlocksStayValidAndAreFreedByTheirOwner() throws Exception {
        SwapKernel kernel = new SwapKernel();
        OffHeapAllocator h = kernel.handle(OffHeapAllocator.class);
        ArenaAllocator arena = new ArenaAllocator(256L << 20);
        PoolAllocator pool = new PoolAllocator(256L << 20);
        kernel.install(OffHeapAllocator.class, "arena", arena, 0);
        kernel.install(OffHeapAllocator.class, "pool", pool, 0);

        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                ArrayDeque<OffHeapBlock> mine = new ArrayDeque<>();
                try {
                    while (!stop.get()) {
                        if (mine.size() < 200 && rnd.nextBoolean()) {
                            OffHeapBlock b = h.allocate(rnd.nextInt(16, 8_000));
                            b.buffer().putInt(0, id).putInt(b.buffer().capacity() - 4, id);
                            mine.add(b);
                        } else if (!mine.isEmpty()) {
                            OffHeapBlock b = mine.poll();
                            int cap = b.buffer().capacity();
                            if (b.buffer().getInt(0) != id || b.buffer().getInt(cap - 4) != id) {
                                throw new AssertionError("block overwritten after a swap");
                            }
                            h.free(b);
                        }
                    }
                    mine.forEach(h::free);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        List<SwapReport> reports = new ArrayList<>();
        String next = "pool";
        for (int i = 0; i < 20; i++) {
            Thread.sleep(25);
            reports.add(kernel.swap("OffHeapAllocator", next));
            next = next.equals("arena") ? "pool" : "arena";
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        for (SwapReport r : reports) {
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            assertEquals(AllocatorBase.HANDOVER, r.format());
        }
        assertEquals(0, arena.ownStats().outstandingBlocks(), "arena leaked");
        assertEquals(0, pool.ownStats().outstandingBlocks(), "pool leaked");
        assertEquals(0, h.stats().outstandingBlocks());
        AllocatorBase retired = reports.size() % 2 == 0 ? pool : arena;
        assertEquals(0, retired.ownStats().reservedBytes(), "the retired allocator gave its memory back");
    }
}
