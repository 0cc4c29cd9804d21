package org.mlos.fault.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.JournalRecord;

class SegmentJournalTest {

    @TempDir
    Path a;
    @TempDir
    Path b;

    private static JournalSettings settings(Path dir, Durability d) {
        return new JournalSettings(dir, true, d, 2, 1 << 16);
    }

    private static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The regression this pins: a node without {@code mlos.fault.dir} journaled into a temporary
     * folder that stayed after it stopped (a machine running the suite gathered dozens).
     */
    @Test
    void aJournalInATemporaryFolderDeletesItWhenItCloses() throws Exception {
        Set<Path> before = temporaryFolders();
        SegmentJournal j = new SegmentJournal(new JournalSettings(null, false, Durability.NONE, 2, 1 << 16));
        assertEquals(before, temporaryFolders(), "nothing made before the first record");
        j.append(rec("r"));
        Set<Path> made = new java.util.HashSet<>(temporaryFolders());
        made.removeAll(before);
        assertEquals(1, made.size(), "one temporary folder: " + made);
        Path folder = made.iterator().next();
        assertTrue(java.nio.file.Files.isDirectory(folder.resolve("journal").resolve("segments")));
        j.close();
        assertTrue(!java.nio.file.Files.exists(folder), folder + " deleted");
    }

    private static Set<Path> temporaryFolders() throws java.io.IOException {
        try (var all = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("mlos-fault-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void appendReadTailAndReopenInEveryDurability() {
        for (Durability d : Durability.values()) {
            Path dir = a.resolve(d.name());
            SegmentJournal j = new SegmentJournal(settings(dir, d));
            for (int i = 0; i < 100; i++) {
                assertEquals(i, j.append(rec("r" + i)));
            }
            List<JournalRecord> tail = j.read(95, 100);
            assertEquals(5, tail.size());
            assertEquals(99, tail.get(4).index());
            assertEquals(List.of(), j.read(100, 10), "a tail at the end sees nothing new");
            j.close();
            SegmentJournal again = new SegmentJournal(settings(dir, d));
            assertEquals(100, again.nextIndex());
            assertArrayEquals(rec("r42"), again.read(42, 1).get(0).data());
            again.close();
        }
    }

    @Test
    void aSwapUnderConcurrentAppendsMovesEveryRecordWithItsIndex() throws Exception {
        SwapKernel kernel = new SwapKernel();
        Journal journal = kernel.handle(Journal.class);
        SegmentJournal first = new SegmentJournal(settings(a, Durability.BATCH));
        SegmentJournal second = new SegmentJournal(settings(b, Durability.BATCH));
        kernel.install(Journal.class, "segments", first, 0);
        kernel.install(Journal.class, "segments-b", second, 0);
        for (int i = 0; i < 2000; i++) {
            journal.append(rec("pre" + i));
            if (i % 500 == 499) {
                journal.roll();
            }
        }
        long kept = journal.retainFrom(1500);
        assertEquals(1500, kept, "retention dropped the segments before 1500");

        int threads = 4;
        int each = 2000;
        Set<Long> indexes = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        indexes.add(journal.append(rec("t" + id + "-" + i)));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            th.start();
            ts.add(th);
        }
        start.countDown();
        SwapReport there = kernel.swap("Journal", "segments-b");
        SwapReport back = kernel.swap("Journal", "segments");
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(SwapOutcome.COMPLETED, there.outcome(), there.toLine());
        assertEquals(SwapOutcome.COMPLETED, back.outcome(), back.toLine());
        assertEquals(threads * each, indexes.size(), "no index given twice");
        assertEquals(kept, journal.firstIndex(), "the first index kept moved with the records");
        assertEquals(2000 + threads * each, journal.nextIndex());
        List<JournalRecord> all = new ArrayList<>();
        for (long i = journal.firstIndex(); i < journal.nextIndex();) {
            List<JournalRecord> r = journal.read(i, 1000);
            all.addAll(r);
            i += r.size();
        }
        int[] next = new int[threads];
        for (JournalRecord r : all) {
            String s = new String(r.data(), StandardCharsets.UTF_8);
            if (s.startsWith("pre")) {
                assertEquals("pre" + r.index(), s);
            } else {
                int t = s.charAt(1) - '0';
                assertEquals("t" + t + "-" + next[t]++, s, "each appender's records in order, none lost");
            }
        }
        assertEquals(threads * each, next[0] + next[1] + next[2] + next[3]);
    }
}
