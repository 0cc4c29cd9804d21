package org.mlos.core.reps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Many threads adding at once: the count is exact, whether they own their stripes, share them or die. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PerCoreCounterTest {

    @ParameterizedTest(name = "{0} stripes, {1} platform + {2} virtual threads")
    @CsvSource({ "1, 8, 0", "2, 8, 8", "16, 8, 0", "64, 4, 32" })
    void manyThreadsAddingLoseNothing(int slots, int platform, int virtual) throws Exception {
        PerCoreCounter counter = new PerCoreCounter(slots);
        int perThread = 200_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < platform + virtual; t++) {
            int delta = t % 3 + 1;
            Runnable r = () -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    counter.add(delta);
                    if ((i & 1023) == 0) {
                        Thread.yield();
                    }
                }
            };
            threads.add(t < platform ? Thread.ofPlatform().start(r) : Thread.ofVirtual().start(r));
        }
        long expected = 0;
        for (int t = 0; t < platform + virtual; t++) {
            expected += (long) (t % 3 + 1) * perThread;
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(expected, counter.sum());
    }

    /** A stripe's owner that dies hands its cell over: its count stays, the next thread owns the cell. */
    @Test
    void aDeadOwnersCountSurvivesAndItsCellIsTakenOver() throws Exception {
        PerCoreCounter counter = new PerCoreCounter(1);
        for (int generation = 0; generation < 50; generation++) {
            Thread t = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    counter.increment();
                }
            });
            t.join();
        }
        assertEquals(50_000, counter.sum());
        assertEquals(1, counter.representatives());
    }

    @Test
    void resetZeroesWhatTheOwnersCannotUndo() throws Exception {
        PerCoreCounter counter = new PerCoreCounter();
        Thread owner = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 500; i++) {
                counter.increment();
            }
        });
        owner.join();
        counter.reset();
        assertEquals(0, counter.sum());
        counter.add(7);
        assertEquals(7, counter.sumThenReset());
        assertEquals(0, counter.sum());
        counter.add(-3);
        assertEquals(-3, counter.sum());
        assertTrue(counter.representatives() >= 1);
    }
}
