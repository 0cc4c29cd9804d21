package org.mlos.core.reps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Several counters a block per core: exact under many threads (owners, sharers, dead owners), resets that hold. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PerCoreCounterSetTest {

    @ParameterizedTest(name = "{0} stripes")
    @ValueSource(ints = { 1, 2, 64 })
    void manyThreadsOnSeveralCountersLoseNothing(int slots) throws Exception {
        PerCoreCounterSet set = new PerCoreCounterSet(3, slots);
        int platform = 8;
        int virtual = 8;
        int perThread = 100_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < platform + virtual; t++) {
            Runnable r = () -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    set.add(0, 1);
                    set.add(2, 3);
                    if ((i & 2047) == 0) {
                        Thread.yield();
                    }
                }
            };
            threads.add(t < platform ? Thread.ofPlatform().start(r) : Thread.ofVirtual().start(r));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long n = (long) (platform + virtual) * perThread;
        assertEquals(n, set.sum(0));
        assertEquals(0, set.sum(1));
        assertEquals(3 * n, set.sum(2));
    }

    @Test
    void deadOwnersCountsStayAndResetsHold() throws Exception {
        PerCoreCounterSet set = new PerCoreCounterSet(2, 1);
        for (int g = 0; g < 30; g++) {
            Thread t = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    set.add(1, 1);
                }
            });
            t.join();
        }
        assertEquals(30_000, set.sum(1));
        set.reset(1);
        assertEquals(0, set.sum(1));
        Thread.ofPlatform().start(() -> set.add(1, 5)).join();
        assertEquals(5, set.sum(1));
        assertEquals(0, set.sum(0), "a reset touches its own counter only");
    }

    @Test
    void badSizesAndIndexesAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PerCoreCounterSet(33));
        assertTrue(e.getMessage().contains("1 to 32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PerCoreCounterSet(0));
        assertThrows(IndexOutOfBoundsException.class, () -> new PerCoreCounterSet(2).sum(2));
    }
}
