package org.mlos.mem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The striped counters that replaced one LongAdder per store counter (false sharing on reads). */
class StripedCountsTest {

    @Test
    void manyThreadsLoseAndDoubleNothing() throws InterruptedException {
        StripedCounts counts = new StripedCounts(17);
        int threads = 16;
        int perThread = 200_000;
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            all.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    counts.add(i % 17, 1);
                    if (id % 2 == 0) {
                        counts.add(16, 2);
                    }
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        long expected15 = (long) threads * (perThread / 17 + (perThread % 17 > 15 ? 1 : 0));
        assertEquals(expected15, counts.sum(15));
        long expected16 = (long) threads * (perThread / 17 + (perThread % 17 > 16 ? 1 : 0)) + (threads / 2) * 2L * perThread;
        assertEquals(expected16, counts.sum(16));
        long total = 0;
        for (int c = 0; c < 17; c++) {
            total += counts.sum(c);
        }
        assertEquals((long) threads * perThread + (threads / 2) * 2L * perThread, total);
    }

    @Test
    void countsAreNamedByIndexWithinTheSet() {
        StripedCounts counts = new StripedCounts(3);
        StripedCounts.Count a = new StripedCounts.Count(counts, 0);
        StripedCounts.Count c = new StripedCounts.Count(counts, 2);
        a.increment();
        c.add(5);
        assertEquals(1, a.sum());
        assertEquals(5, c.sum());
        assertEquals(0, counts.sum(1));
        assertThrows(IndexOutOfBoundsException.class, () -> counts.sum(3));
        assertThrows(IllegalArgumentException.class, () -> new StripedCounts(StripedCounts.STRIDE + 1));
    }
}
