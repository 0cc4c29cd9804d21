package org.mlos.mem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The padded counter that replaced the store's {@code AtomicLong} of CAS uniques: many threads
 * taking uniques while others raise the counter (imports during a swap) get every unique once,
 * each thread's uniques increase, a unique taken after a raise lies above it, and nothing lowers it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CasSequenceTest {

    @Test
    void uniquesAreGivenOnceAndLieAboveEveryRaiseUnderManyThreads() throws InterruptedException {
        CasSequence seq = new CasSequence();
        int threads = 8;
        int perThread = 100_000;
        long[][] given = new long[threads][perThread];
        AtomicLong highestRaise = new AtomicLong();
        List<String> failures = new ArrayList<>();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            all.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long floor = 0; // what this thread knows lies below the next unique
                for (int i = 0; i < perThread; i++) {
                    if (rnd.nextInt(50) == 0) {
                        long to = seq.last() + rnd.nextInt(1, 1000);
                        seq.raiseTo(to);
                        highestRaise.accumulateAndGet(to, Math::max);
                        floor = Math.max(floor, to);
                    }
                    long u = seq.next();
                    if (u <= floor) {
                        synchronized (failures) {
                            failures.add("thread " + me + " got " + u + " after " + floor);
                        }
                    }
                    floor = u;
                    given[me][i] = u;
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " uniques not above what their thread saw, first: "
                + failures.get(0));
        long[] sorted = Arrays.stream(given).flatMapToLong(Arrays::stream).sorted().toArray();
        for (int i = 1; i < sorted.length; i++) {
            assertTrue(sorted[i] != sorted[i - 1], "unique " + sorted[i] + " given twice");
        }
        long top = Math.max(sorted[sorted.length - 1], highestRaise.get());
        assertEquals(top, seq.last(), "the counter holds the largest unique given or raised to");
    }

    @Test
    void aRaiseBelowTheCounterLeavesItAlone() {
        CasSequence seq = new CasSequence();
        for (int i = 0; i < 10; i++) {
            seq.next();
        }
        seq.raiseTo(3);
        assertEquals(10, seq.last());
        assertEquals(11, seq.next());
        seq.raiseTo(100);
        assertEquals(101, seq.next());
    }
}
