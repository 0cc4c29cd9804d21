package org.mlos.cluster.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** One throttle a source, on a clock of the test's: counts, not time windows. */
class FloodLogsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> summaries = new CopyOnWriteArrayList<>();
    private final List<Runnable> ends = new CopyOnWriteArrayList<>();

    private FloodLogs logs(FloodLog.Timer timer) {
        return new FloodLogs(Duration.ofSeconds(10), now::get, timer,
                (source, n, period, last) -> summaries.add(source + ": " + n + ", last " + last));
    }

    @Test
    void oneStrangersFloodDoesNotHideAnothersFirstLine() {
        FloodLogs f = logs(FloodLog.Timer.NONE);
        assertTrue(f.first("10.0.0.9:5701", "forged 1"));
        for (int i = 0; i < 1_000; i++) {
            assertFalse(f.first("10.0.0.9:5701", "forged " + i));
        }
        assertTrue(f.first("127.0.0.1:5702", "clock 40 s ahead"), "another writer's first line is logged");
        assertFalse(f.first("127.0.0.1:5702", "clock 40 s ahead"));
        f.flush();
        assertEquals(List.of("10.0.0.9:5701: 1000, last forged 999", "127.0.0.1:5702: 1, last clock 40 s ahead"), summaries);
        assertEquals(1_003, f.total());
    }

    @Test
    void pastTheSourcesKeptApartTheBusyOnesStayAndTheRestShareOneLog() {
        FloodLogs f = logs((delay, task) -> ends.add(task));
        for (int s = 0; s < FloodLogs.MOST; s++) {
            assertTrue(f.first("m" + s, "x"));
        }
        assertTrue(f.first("m-new", "y"), "the first of the shared log is logged");
        assertFalse(f.first("m-newer", "z"), "counted with the other sources while every kept one is busy");
        assertFalse(f.first("m0", "x"), "a kept source keeps its own log");
        ends.forEach(Runnable::run); // every period told as over
        assertTrue(summaries.contains(FloodLogs.OTHERS + ": 1, last z"), summaries.toString());
        assertTrue(summaries.contains("m0: 1, last x"), summaries.toString());
        assertTrue(f.first("m-newest", "w"), "an idle source made room for a new one");
        assertFalse(f.first("m-newest", "w"));
        f.flush();
        assertTrue(summaries.contains("m-newest: 1, last w"), summaries.toString());
        assertEquals(FloodLogs.MOST + 5, f.total(), "the dropped logs' events still counted");
    }

    @Test
    void nothingIsLostInTheCountUnderManyThreadsAndSources() throws Exception {
        FloodLogs f = new FloodLogs(Duration.ofSeconds(10), now::get, FloodLog.Timer.NONE,
                (source, n, period, last) -> summaries.add(Long.toString(n)));
        AtomicLong logged = new AtomicLong();
        int threads = 8;
        int calls = 10_000;
        FloodLogTest.onThreads(threads, calls, (thread, i) -> {
            // more sources than are kept apart, so logs are dropped and shared under load
            if (f.first("s" + ((i * 31 + thread) % (FloodLogs.MOST * 2)), "x")) {
                logged.incrementAndGet();
            }
            if (i % 1_000 == 0) {
                now.addAndGet(Duration.ofSeconds(10).toNanos()); // periods end under the others' feet
            }
        });
        f.flush();
        long counted = summaries.stream().mapToLong(Long::parseLong).sum();
        assertEquals((long) threads * calls, logged.get() + counted, logged + " logged, " + counted + " counted");
        assertEquals((long) threads * calls, f.total());
    }
}
