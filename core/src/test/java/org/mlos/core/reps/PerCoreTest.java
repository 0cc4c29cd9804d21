package org.mlos.core.reps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PerCoreTest {

    @Test
    void missHandlerMakesOneRepresentativePerStripeOnFirstUseOnly() throws Exception {
        AtomicInteger made = new AtomicInteger();
        PerCore<int[]> reps = PerCore.of(8, i -> {
            made.incrementAndGet();
            return new int[] { i };
        });
        assertEquals(0, reps.created(), "nothing is made before first use");
        int[] mine = reps.rep();
        assertSame(mine, reps.rep(), "a thread keeps its representative");
        assertEquals(PerCore.stripeOfCurrentThread(8), mine[0]);
        assertEquals(1, made.get());
        assertEquals(1, reps.created());
    }

    @Test
    void threadsCreatedTogetherGetStripesOfTheirOwn() throws Exception {
        int slots = 16;
        PerCore<Object> reps = PerCore.of(slots, i -> new Object());
        Set<Object> seen = ConcurrentHashMap.newKeySet();
        List<Thread> pool = new ArrayList<>();
        for (int t = 0; t < slots; t++) {
            pool.add(Thread.ofPlatform().unstarted(() -> seen.add(reps.rep())));
        }
        // Consecutive ids: the stripes go round, so up to `slots` such threads never share one.
        pool.forEach(Thread::start);
        for (Thread t : pool) {
            t.join();
        }
        assertEquals(slots, seen.size());
        assertEquals(slots, reps.created());
    }

    @Test
    void racingMissesKeepOneRepresentative() throws Exception {
        for (int round = 0; round < 200; round++) {
            PerCore<Object> reps = PerCore.of(1, i -> new Object());
            Set<Object> seen = ConcurrentHashMap.newKeySet();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    seen.add(reps.rep());
                }));
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1, seen.size(), "every thread of a stripe must see the one kept representative");
        }
    }

    @Test
    void rootSumsAndWalksEveryRepresentative() throws Exception {
        PerCore<long[]> reps = PerCore.of(4, i -> new long[1]);
        for (int s = 0; s < 4; s++) {
            reps.rep(s)[0] = s + 1;
        }
        assertEquals(10, reps.sum(r -> r[0]));
        List<Long> walked = new ArrayList<>();
        reps.forEach(r -> walked.add(r[0]));
        assertEquals(List.of(1L, 2L, 3L, 4L), walked);
    }

    @Test
    void badSlotsAndNullRepresentativesAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PerCore.of(6, i -> ""));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PerCore.of(0, i -> ""));
        assertThrows(IllegalArgumentException.class, () -> PerCore.of(2048, i -> ""));
        IllegalStateException n = assertThrows(IllegalStateException.class, () -> PerCore.of(2, i -> null).rep());
        assertTrue(n.getMessage().contains("miss handler"), n.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> PerCore.of(2, i -> "").rep(2));
    }

    @Test
    void defaultSlotsAreAPowerOfTwoAtLeastTwiceTheProcessors() {
        int s = PerCore.defaultSlots();
        assertEquals(1, Integer.bitCount(s));
        assertTrue(s >= Math.min(PerCore.MAX_SLOTS, 2 * Runtime.getRuntime().availableProcessors()));
    }
}
