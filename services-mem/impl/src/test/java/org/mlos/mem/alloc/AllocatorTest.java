package org.mlos.mem.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.core.testing.Concurrently;
import org.mlos.mem.alloc.arena.ArenaAllocator;
import org.mlos.mem.alloc.pool.PoolAllocator;
import org.mlos.mem.api.AllocatorStats;
import org.mlos.mem.api.OffHeapBlock;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AllocatorTest {

    static Stream<String> allocators() {
        return Stream.of("arena", "pool");
    }

    static AllocatorBase create(String name, long capacity) {
        return name.equals("arena") ? new ArenaAllocator(capacity) : new PoolAllocator(capacity);
    }

    @ParameterizedTest
    @MethodSource("allocators")
    void blocksAreZeroedSizedAndWritable(String name) {
        AllocatorBase a = create(name, 64L << 20);
        for (int size : new int[] { 1, 63, 64, 1000, 4096, 300_000, 2_000_000 }) {
            OffHeapBlock b = a.allocate(size);
            ByteBuffer buf = b.buffer();
            assertEquals(size, b.size());
            assertTrue(buf.isDirect());
            for (int i = 0; i < size; i++) {
                assertEquals(0, buf.get(i), "zeroed at " + i);
            }
            buf.put(0, (byte) 7).put(size - 1, (byte) 9);
            a.free(b);
        }
        // freed memory handed out again comes back zeroed
        for (int i = 0; i < 100; i++) {
            OffHeapBlock b = a.allocate(100);
            assertEquals(0, b.buffer().get(0));
            b.buffer().put(0, (byte) 1);
            a.free(b);
        }
        assertEquals(0, a.stats().outstandingBlocks());
    }

    @ParameterizedTest
    @MethodSource("allocators")
    void misuseIsRefusedClearly(String name) {
        AllocatorBase a = create(name, 4L << 20);
        assertThrows(IllegalArgumentException.class, () -> a.allocate(0));
        assertThrows(IllegalArgumentException.class, () -> a.allocate(1L << 40));
        OffHeapBlock b = a.allocate(10);
        a.free(b);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> a.free(b));
        assertTrue(twice.getMessage().contains("twice"));
        List<OffHeapBlock> held = new ArrayList<>();
        OutOfMemoryError oom = assertThrows(OutOfMemoryError.class, () -> {
            while (true) {
                held.add(a.allocate(200_000));
            }
        });
        assertTrue(oom.getMessage().contains("budget"), oom.getMessage());
        held.forEach(a::free);
    }

    @ParameterizedTest
    @MethodSource("allocators")
    void manyThreadsLeakNothing(String name) throws Exception {
        AllocatorBase a = create(name, 256L << 20);
        Concurrently.run(8, id -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            ArrayDeque<OffHeapBlock> mine = new ArrayDeque<>();
            for (int i = 0; i < 20_000; i++) {
                if (mine.size() < 64 && rnd.nextBoolean()) {
                    OffHeapBlock b = a.allocate(rnd.nextInt(1, 5_000));
                    b.buffer().put(0, (byte) id);
                    mine.add(b);
                } else if (!mine.isEmpty()) {
                    OffHeapBlock b = mine.poll();
                    if (b.buffer().get(0) != (byte) id) {
                        throw new AssertionError("block shared between threads");
                    }
                    a.free(b);
                }
            }
            mine.forEach(a::free);
        });
        AllocatorStats s = a.stats();
        assertEquals(0, s.outstandingBlocks());
        assertEquals(0, s.outstandingBytes());
        assertEquals(s.allocations(), s.frees());
        a.shutDown();
        assertEquals(0, a.ownStats().reservedBytes(), "all memory given back");
    }
}
