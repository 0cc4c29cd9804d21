package org.mlos.cluster.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The throttle alone, on a clock of the test's: counts, not time windows. */
class FloodLogTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> summaries = new CopyOnWriteArrayList<>();

    private FloodLog log(FloodLog.Timer timer) {
        return new FloodLog(Duration.ofSeconds(10), now::get, timer,
                (n, period, last) -> summaries.add(n + " in " + period.toSeconds() + " s, last " + last));
    }

    @Test
    void theFirstIsLoggedTheRestCountedAndToldWhenThePeriodEnds() {
        FloodLog f = log(FloodLog.Timer.NONE);
        assertTrue(f.first("a"));
        for (int i = 0; i < 2_999; i++) {
            assertFalse(f.first("b" + i));
        }
        assertEquals(List.of(), summaries, "nothing told before the period ends");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertTrue(f.first("c"), "the first of the next period is logged again");
        assertEquals(List.of("2999 in 10 s, last b2998"), summaries, "the count told before it");
        assertEquals(3_001, f.total());
    }

    @Test
    void aFlushTellsTheCountAndAQuietPeriodTellsNothing() {
        FloodLog f = log(FloodLog.Timer.NONE);
        assertTrue(f.first("a"));
        f.flush();
        assertEquals(List.of(), summaries, "the first alone: nothing more to tell");
        assertTrue(f.first("a"));
        assertFalse(f.first("b"));
        now.addAndGet(2_500_000_000L);
        f.flush();
        f.flush();
        assertEquals(List.of("1 in 3 s, last b"), summaries, "told once, with how long its period ran (a stop ends it early)");
    }

    @Test
    void theTimerEndsThePeriodItWasSetForOnly() {
        List<Runnable> ends = new ArrayList<>();
        FloodLog f = log((delay, task) -> ends.add(task));
        assertTrue(f.first("a"));
        assertFalse(f.first("b"));
        ends.get(0).run();
        assertEquals(List.of("1 in 10 s, last b"), summaries, "told at the end of the period, with no event after it");
        assertTrue(f.first("c"));
        assertFalse(f.first("d"));
        ends.get(0).run(); // the first period's timer, late: the second period is not its to end
        assertEquals(1, summaries.size(), summaries.toString());
        ends.get(1).run();
        assertEquals(List.of("1 in 10 s, last b", "1 in 10 s, last d"), summaries);
    }

    @Test
    void nothingIsLostInTheCountUnderManyThreads() throws Exception {
        FloodLog f = new FloodLog(Duration.ofSeconds(10), now::get, FloodLog.Timer.NONE,
                (n, period, last) -> summaries.add(Long.toString(n)));
        AtomicLong logged = new AtomicLong();
        int threads = 8;
        int calls = 10_000;
        onThreads(threads, calls, (thread, i) -> {
            if (f.first("x")) {
                logged.incrementAndGet();
            }
            if (i % 1_000 == 0) {
                now.addAndGet(Duration.ofSeconds(10).toNanos()); // periods end under the others' feet
            }
            if (i % 2_500 == 0) {
                f.flush();
            }
        });
        f.flush();
        long counted = summaries.stream().mapToLong(Long::parseLong).sum();
        assertEquals((long) threads * calls, logged.get() + counted, logged + " logged, " + counted + " counted");
        assertEquals((long) threads * calls, f.total());
        assertTrue(logged.get() < threads * calls / 100, logged + " lines for " + threads * calls + " events");
    }

    /** One call of a thread's loop: its number and the call's. */
    @FunctionalInterface
    interface Call {
        void run(int thread, int call);
    }

    /** Runs {@code calls} calls on each of {@code threads} threads, all let go at once; returns when all are done. */
    static void onThreads(int threads, int calls, Call call) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < calls; i++) {
                    call.run(thread, i);
                }
            });
            th.start();
            started.add(th);
        }
        go.countDown();
        for (Thread th : started) {
            th.join();
        }
    }
}
