package org.mlos.fault.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.journal.SegmentJournal;

/** Live swaps segments → chronicle → segments while four threads append: every record, with its index. */
class SegmentsChronicleSwapTest {

    @TempDir
    Path a;
    @TempDir
    Path b;

    @Test
    void swapsBetweenSegmentsAndChronicleUnderAppendsLoseAndDuplicateNothing() throws Exception {
        SwapKernel kernel = new SwapKernel();
        Journal journal = kernel.handle(Journal.class);
        SegmentJournal segments = new SegmentJournal(new JournalSettings(a, true, Durability.BATCH, 2, 1 << 16));
        ChronicleJournal chronicle = new ChronicleJournal(ChronicleJournalTest.settings(b, Durability.BATCH));
        kernel.install(Journal.class, "segments", segments, 0);
        kernel.install(Journal.class, "chronicle", chronicle, 0);
        for (int i = 0; i < 2000; i++) {
            journal.append(rec("pre" + i));
            if (i % 500 == 499) {
                journal.roll();
            }
        }
        long kept = journal.retainFrom(1500);
        assertEquals(1500, kept);

        int threads = 4;
        int each = 3000;
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
        SwapReport there = kernel.swap("Journal", "chronicle");
        assertEquals(SwapOutcome.COMPLETED, there.outcome(), there.toLine());
        assertEquals(kept, journal.firstIndex(), "chronicle keeps the first index segments had");
        SwapReport back = kernel.swap("Journal", "segments");
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(SwapOutcome.COMPLETED, back.outcome(), back.toLine());
        SwapReport again = kernel.swap("Journal", "chronicle");
        assertEquals(SwapOutcome.COMPLETED, again.outcome(), again.toLine());
        assertEquals(threads * each, indexes.size(), "no index given twice");
        assertEquals(kept, journal.firstIndex());
        assertEquals(2000 + threads * each, journal.nextIndex());
        int[] next = new int[threads];
        for (long i = journal.firstIndex(); i < journal.nextIndex();) {
            for (JournalRecord r : journal.read(i, 1000)) {
                assertEquals(i++, r.index());
                String s = new String(r.data(), StandardCharsets.UTF_8);
                if (s.startsWith("pre")) {
                    assertEquals("pre" + r.index(), s);
                } else {
                    int t = s.charAt(1) - '0';
                    assertEquals("t" + t + "-" + next[t]++, s, "each appender's records in order, none lost");
                }
            }
        }
        assertEquals(threads * each, next[0] + next[1] + next[2] + next[3]);
        segments.close();
        chronicle.close();
    }

    private static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
