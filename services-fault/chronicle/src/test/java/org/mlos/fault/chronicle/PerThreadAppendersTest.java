package org.mlos.fault.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.JournalRecord;

/**
 * The journal's appends take no lock of ours: each thread has its own Chronicle appender and the
 * record's index comes from Chronicle's excerpt index. Pins that many such appenders, with rolls,
 * syncs from other threads (the batch flusher too) and a tail reading while they write, give
 * every index once, no gap, and every record at the index its append returned, also after a
 * reopen.
 */
class PerThreadAppendersTest {

    private static final int THREADS = 12;
    private static final int EACH = 5_000;

    @TempDir
    Path dir;

    @Test
    void aTailSeesEveryRecordInOrderWhileTwelveThreadsAppendWithoutALockAndRollsRun() throws Exception {
        ChronicleJournal j = new ChronicleJournal(new ChronicleSettings(dir, Durability.BATCH, 1, 1 << 20));
        ConcurrentHashMap<Long, String> given = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger(THREADS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    long last = -1;
                    for (int i = 0; i < EACH; i++) {
                        String r = id + "-" + i;
                        long index = j.append(bytes(r));
                        if (given.put(index, r) != null) {
                            throw new AssertionError("index " + index + " given twice");
                        }
                        if (index <= last) {
                            throw new AssertionError("thread " + id + " got index " + index + " after " + last);
                        }
                        last = index;
                        if (id == 0 && i % 400 == 0) {
                            j.roll();
                        }
                        if (id == 1 && i % 250 == 0) {
                            j.sync(); // from a thread whose appender did not write the others' records
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    running.decrementAndGet();
                }
            }));
        }
        int[] tailSeen = new int[1];
        Thread tail = new Thread(() -> {
            try {
                int[] nextOf = new int[THREADS];
                long at = 0;
                while (running.get() > 0 || at < j.nextIndex()) {
                    for (JournalRecord r : j.read(at, 500)) {
                        if (r.index() != at) {
                            throw new AssertionError("the tail read index " + r.index() + " where " + at + " was next");
                        }
                        String[] s = new String(r.data(), StandardCharsets.UTF_8).split("-");
                        int t = Integer.parseInt(s[0]);
                        if (Integer.parseInt(s[1]) != nextOf[t]++) {
                            throw new AssertionError("thread " + t + "'s record " + s[1] + " at " + at + ", expected its "
                                    + (nextOf[t] - 1));
                        }
                        at++;
                    }
                }
                tailSeen[0] = (int) at;
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        threads.forEach(Thread::start);
        tail.start();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        tail.join();
        assertEquals(List.of(), failures);
        int n = THREADS * EACH;
        assertEquals(n, given.size());
        assertEquals(n, j.nextIndex());
        assertEquals(n, tailSeen[0], "the tail saw every record");
        assertTrue(ChronicleJournalTest.cycleFiles(dir.resolve("journal").resolve("chronicle")) > 10, "rolls made cycles");
        everyRecordAtItsIndex(j, given, n);
        j.close();

        ChronicleJournal again = new ChronicleJournal(new ChronicleSettings(dir, Durability.NONE, 1, 1 << 20));
        assertEquals(n, again.nextIndex(), "a reopen finds every record");
        everyRecordAtItsIndex(again, given, n);
        assertEquals(n, again.append(bytes("after")), "indexes go on after the reopen");
        again.close();
    }

    @Test
    void syncToFromAThreadThatDidNotWriteTheRecordForcesIt() throws Exception {
        ChronicleJournal j = new ChronicleJournal(new ChronicleSettings(dir, Durability.SYNC, 1, 1 << 20));
        long[] index = new long[1];
        Thread writer = new Thread(() -> index[0] = j.append(bytes("w")));
        writer.start();
        writer.join();
        j.sync(); // this thread has no appender: the cycle file is forced
        j.roll();
        assertEquals(1, j.append(bytes("x")));
        j.sync();
        assertArrayEquals(bytes("w"), j.read(index[0], 1).get(0).data());
        j.close();
    }

    @Test
    void threadsThatAppendOnceDoNotKeepAnAppenderEachAndVirtualThreadsShareOne() throws Exception {
        ChronicleLog log = new ChronicleLog(dir.resolve("q"), 1 << 20);
        ConcurrentHashMap<Long, String> given = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        int platform = 0;
        for (int batch = 0; batch < 12; batch++) {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                int id = platform++;
                ts.add(new Thread(() -> appendSome(log, "p" + id, 5, given, failures)));
            }
            ts.forEach(Thread::start);
            for (Thread t : ts) {
                t.join();
            }
        }
        assertTrue(log.writers().threadWriters() <= 100, "appenders of ended threads are closed: "
                + log.writers().threadWriters() + " left of " + platform + " threads");
        log.append(bytes("main"));
        assertEquals(1, log.writers().threadWriters(), "only the main thread's is left");
        try (var virtual = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int v = 0; v < 2_000; v++) {
                int id = v;
                virtual.submit(() -> appendSome(log, "v" + id, 3, given, failures));
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(1, log.writers().threadWriters(), "virtual threads share one appender, none of their own");
        int n = platform * 5 + 1 + 2_000 * 3;
        assertEquals(n, log.nextIndex());
        assertEquals(n - 1, given.size());
        for (long i = 0; i < n;) {
            long from = i;
            i += log.read(from, 1000, (index, data) -> {
                String r = new String(data, StandardCharsets.UTF_8);
                if (!r.equals(given.getOrDefault(index, "main"))) {
                    failures.add(new AssertionError("record at " + index + ": " + r + ", given " + given.get(index)));
                }
            });
        }
        assertEquals(List.of(), failures);
        log.close();
    }

    private static void appendSome(ChronicleLog log, String who, int n, ConcurrentHashMap<Long, String> given,
            List<Throwable> failures) {
        try {
            for (int i = 0; i < n; i++) {
                String r = who + "-" + i;
                if (given.put(log.append(bytes(r)), r) != null) {
                    throw new AssertionError("an index given twice, to " + r);
                }
            }
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    private static void everyRecordAtItsIndex(ChronicleJournal j, ConcurrentHashMap<Long, String> given, int n) {
        for (long i = 0; i < n;) {
            for (JournalRecord r : j.read(i, 1000)) {
                assertEquals(i, r.index());
                assertEquals(given.get(i), new String(r.data(), StandardCharsets.UTF_8), "record at " + i);
                i++;
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
