package org.mlos.fault.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.JournalRecord;

class ChronicleJournalTest {

    @TempDir
    Path dir;

    static ChronicleSettings settings(Path dir, Durability d) {
        return new ChronicleSettings(dir, d, 2, 1 << 20);
    }

    static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Its folder is 0700, as the segments journal's: records are kept in the clear. */
    @Test
    void theJournalsFolderIsTheNodesUsersOnly() throws Exception {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        ChronicleJournal j = new ChronicleJournal(settings(dir, Durability.SYNC));
        j.append(rec("r"));
        j.close();
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("journal").resolve("chronicle"))));
    }

    @Test
    void appendReadTailAndReopenInEveryDurability() {
        for (Durability d : Durability.values()) {
            Path where = dir.resolve(d.name());
            ChronicleJournal j = new ChronicleJournal(settings(where, d));
            for (int i = 0; i < 100; i++) {
                assertEquals(i, j.append(rec("r" + i)));
            }
            List<JournalRecord> tail = j.read(95, 100);
            assertEquals(5, tail.size());
            assertEquals(99, tail.get(4).index());
            assertArrayEquals(rec("r99"), tail.get(4).data());
            assertEquals(List.of(), j.read(100, 10), "a tail at the end sees nothing new");
            j.close();
            ChronicleJournal again = new ChronicleJournal(settings(where, d));
            assertEquals(100, again.nextIndex());
            assertEquals(0, again.firstIndex());
            assertArrayEquals(rec("r42"), again.read(42, 1).get(0).data());
            assertEquals(100, again.append(rec("r100")), "indexes go on after a reopen");
            again.close();
        }
    }

    @Test
    void aFolderWrittenInTheEarlierLayoutIsRefusedNotMisread() throws Exception {
        ChronicleJournal j = new ChronicleJournal(settings(dir, Durability.NONE));
        j.append(rec("written before the layout changed"));
        j.close();
        assertTrue(Files.exists(dir.resolve("journal/chronicle").resolve(FormatMark.NAME)), "a new folder is marked with its layout");
        // a folder of the earlier layout: cycles, no mark
        Files.delete(dir.resolve("journal/chronicle").resolve(FormatMark.NAME));
        // opened on the first call
        ChronicleJournal reopened = new ChronicleJournal(settings(dir, Durability.NONE));
        IllegalStateException old = assertThrows(IllegalStateException.class, () -> reopened.read(0, 1));
        assertTrue(old.getMessage().contains("earlier build") && old.getMessage().contains("move the folder away"),
                old.getMessage());
        Files.writeString(dir.resolve("journal/chronicle").resolve(FormatMark.NAME), "chronicle-journal 9\n");
        ChronicleJournal otherLayout = new ChronicleJournal(settings(dir, Durability.NONE));
        IllegalStateException other = assertThrows(IllegalStateException.class, () -> otherLayout.append(rec("x")));
        assertTrue(other.getMessage().contains("chronicle-journal 9"), other.getMessage());
        Files.writeString(dir.resolve("journal/chronicle").resolve(FormatMark.NAME), FormatMark.CURRENT + "\n");
        ChronicleJournal again = new ChronicleJournal(settings(dir, Durability.NONE));
        assertArrayEquals(rec("written before the layout changed"), again.read(0, 1).get(0).data());
        again.close();
    }

    @Test
    void rollsMakeCyclesThatRetentionDropsAndIndexesStayAcrossThemAndAReopen() throws Exception {
        ChronicleJournal j = new ChronicleJournal(settings(dir, Durability.NONE));
        for (int i = 0; i < 900; i++) {
            j.append(rec("r" + i));
            if (i % 300 == 299) {
                j.roll();
            }
        }
        j.roll();
        j.roll();
        Path q = dir.resolve("journal/chronicle");
        assertEquals(3, cycleFiles(q), "three cycles of 300 records; a roll on an empty cycle makes none");
        assertEquals(List.of(299L, 300L, 301L), indexes(j.read(299, 3)), "a read crosses cycle files");
        assertEquals(300, j.retainFrom(450), "only whole cycles before 450 are dropped");
        assertEquals(2, cycleFiles(q));
        assertThrows(IllegalArgumentException.class, () -> j.read(299, 1), "dropped records are refused");
        assertEquals(900, j.append(rec("r900")));
        j.close();
        ChronicleJournal again = new ChronicleJournal(settings(dir, Durability.NONE));
        assertEquals(300, again.firstIndex());
        assertEquals(901, again.nextIndex());
        assertArrayEquals(rec("r600"), again.read(600, 1).get(0).data());
        assertArrayEquals(rec("r900"), again.read(900, 1).get(0).data());
        again.close();
    }

    @Test
    void aRetentionStoppedBetweenTheBaseFileAndTheDeletesReopensWithEveryIndex() throws Exception {
        ChronicleJournal j = new ChronicleJournal(settings(dir, Durability.NONE));
        for (int i = 0; i < 30; i++) {
            j.append(rec("r" + i));
            if (i % 10 == 9) {
                j.roll();
            }
        }
        j.close();
        Path q = dir.resolve("journal/chronicle");
        // the base file already names the second cycle (index 10), the first cycle's file is still there
        int second;
        try (var files = Files.list(q)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
            second = CYCLE_OF.applyAsInt(names.get(1));
        }
        BaseFile.write(q, second, 10);
        ChronicleJournal again = new ChronicleJournal(settings(dir, Durability.NONE));
        assertEquals(0, again.firstIndex());
        assertEquals(30, again.nextIndex());
        for (int i = 0; i < 30; i++) {
            assertArrayEquals(rec("r" + i), again.read(i, 1).get(0).data(), "record " + i);
        }
        assertEquals(30, again.append(rec("r30")));
        assertEquals(10, again.retainFrom(15));
        again.close();
    }

    /** The cycle a FAST_DAILY file name stands for (yyyyMMdd'F'), days since the epoch. */
    private static final java.util.function.ToIntFunction<String> CYCLE_OF = name -> (int) java.time.LocalDate
            .parse(name.substring(0, 8), java.time.format.DateTimeFormatter.BASIC_ISO_DATE).toEpochDay();

    @Test
    void badCallsAreRefusedWithWhatWasWrong() {
        ChronicleJournal j = new ChronicleJournal(settings(dir, Durability.NONE));
        j.append(rec("x"));
        assertThrows(IllegalArgumentException.class, () -> j.read(2, 1));
        assertThrows(IllegalArgumentException.class, () -> j.read(0, 0));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> j.append(new byte[1 << 20]));
        assertTrue(big.getMessage().contains("larger than"), big.getMessage());
        assertEquals(1, j.nextIndex(), "a refused record takes no index");
        j.close();
    }

    @Test
    void eightAppendersEachGetTheirOwnIndexesAndEveryRecordReadsBack() throws Exception {
        ChronicleJournal j = new ChronicleJournal(settings(dir, Durability.SYNC));
        int threads = 8;
        int each = 2_000;
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
                        long index = j.append(rec("t" + id + "-" + i));
                        if (!indexes.add(index)) {
                            throw new AssertionError("index " + index + " given twice");
                        }
                        if (i % 100 == 0) {
                            j.read(index, 1);
                        }
                        if (id == 0 && i % 700 == 0) {
                            j.roll();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            th.start();
            ts.add(th);
        }
        start.countDown();
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(threads * each, indexes.size());
        assertEquals(threads * each, j.nextIndex());
        int[] next = new int[threads];
        for (long i = 0; i < j.nextIndex();) {
            List<JournalRecord> r = j.read(i, 999);
            for (JournalRecord rec : r) {
                assertEquals(i++, rec.index());
                String s = new String(rec.data(), StandardCharsets.UTF_8);
                int t = s.charAt(1) - '0';
                assertEquals("t" + t + "-" + next[t]++, s, "each appender's records in order, none lost");
            }
        }
        j.close();
    }

    static long cycleFiles(Path q) throws Exception {
        try (var s = Files.list(q)) {
            return s.filter(p -> p.toString().endsWith(".cq4")).count();
        }
    }

    static List<Long> indexes(List<JournalRecord> records) {
        return records.stream().map(JournalRecord::index).toList();
    }
}
