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
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chronicle checks its own headers, not what is inside an excerpt: a byte changed on disk inside
 * a record of a chronicle journal was replayed as another key or value by a durable store's
 * recovery. Now each record carries a CRC32C of ours; one that fails it is not handed on, is
 * named in a WARNING (cycle file, index) and counted, and the records after it are read.
 */
class AByteChangedInAChronicleRecordWasReplayedAsAnotherValueTest {

    private static final int RECORDS = 200;
    private static final int DAMAGED = 123;

    @TempDir
    Path dir;

    private static byte[] rec(int i) {
        return String.format("record-%04d-value-%04d", i, i * 7).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRecordWhoseBytesChangedOnDiskIsNotReplayedAndIsNamedAndTheOthersAre() throws Exception {
        Path folder = dir.resolve("journal");
        try (ChronicleLog log = new ChronicleLog(folder, 1 << 20)) {
            for (int i = 0; i < RECORDS; i++) {
                assertEquals(i, log.append(rec(i)));
            }
        }
        Path cycleFile = flipAByteOf(folder, rec(DAMAGED));
        List<String> said = new ArrayList<>();
        Logger jul = Logger.getLogger(ChronicleLog.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    said.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        Map<Long, byte[]> replayed = new TreeMap<>();
        try (ChronicleLog again = new ChronicleLog(folder, 1 << 20)) {
            assertEquals(RECORDS, again.nextIndex(), "the record is still there for Chronicle");
            for (long i = again.firstIndex(); i < again.nextIndex();) {
                i += again.read(i, 64, (index, data) -> replayed.put(index, data));
            }
            assertEquals(1, again.damagedRecords());
            again.read(DAMAGED, 1, (index, data) -> replayed.put(index, data));
            assertEquals(1, again.damagedRecords(), "counted once, however often it is read");
            IllegalStateException t = assertThrows(IllegalStateException.class, () -> again.truncate(RECORDS - 10));
            assertTrue(t.getMessage().contains("fail their checksum"), t.getMessage());
        } finally {
            jul.removeHandler(capture);
        }
        assertEquals(RECORDS - 1, replayed.size(), replayed.keySet().toString());
        assertTrue(!replayed.containsKey((long) DAMAGED), "the damaged record is not replayed");
        for (int i = 0; i < RECORDS; i++) {
            if (i != DAMAGED) {
                assertArrayEquals(rec(i), replayed.get((long) i), "record " + i);
            }
        }
        assertEquals(1, said.size(), said.toString());
        String warning = said.get(0);
        assertTrue(warning.contains("journal record " + DAMAGED + " "), warning);
        assertTrue(warning.contains(cycleFile.toString()), warning);
        assertTrue(warning.contains("fails its checksum") && warning.contains("not replayed"), warning);
        assertTrue(warning.contains("check the disk"), "says what the operator can do: " + warning);
    }

    /** A swap cannot move a journal without one of its records: it rolls back saying which and why. */
    @Test
    void aSwapAwayFromAJournalWithADamagedRecordRollsBackNamingIt() throws Exception {
        Path base = dir.resolve("node");
        ChronicleJournal before = new ChronicleJournal(base, org.mlos.fault.api.Durability.NONE, 5, 1 << 20);
        for (int i = 0; i < RECORDS; i++) {
            before.append(rec(i));
        }
        before.close();
        flipAByteOf(base.resolve("journal").resolve("chronicle"), rec(DAMAGED));
        org.mlos.core.kernel.SwapKernel kernel = new org.mlos.core.kernel.SwapKernel();
        ChronicleJournal chronicle = new ChronicleJournal(base, org.mlos.fault.api.Durability.NONE, 5, 1 << 20);
        org.mlos.fault.journal.SegmentJournal segments = new org.mlos.fault.journal.SegmentJournal(
                new org.mlos.fault.journal.JournalSettings(dir.resolve("other"), true, org.mlos.fault.api.Durability.NONE, 5, 1 << 20));
        kernel.install(org.mlos.fault.api.Journal.class, "chronicle", chronicle, 0);
        kernel.install(org.mlos.fault.api.Journal.class, "segments", segments, 0);
        try {
            org.mlos.core.api.SwapReport r = kernel.swap("Journal", "segments");
            assertEquals(org.mlos.core.api.SwapOutcome.ROLLED_BACK, r.outcome(), r.toString());
            assertTrue(r.reason().contains("journal record " + DAMAGED + " in ") && r.reason().contains("cannot be read"), r.reason());
            assertEquals("chronicle", kernel.kind(org.mlos.fault.api.Journal.class.getName()).orElseThrow().active());
            assertEquals(RECORDS - 1, chronicle.read(0, RECORDS).size(), "still serves the others");
        } finally {
            chronicle.close();
            segments.close();
        }
    }

    /** A folder of the layout before checksums (mark {@code chronicle-journal 2}) is read and written as before. */
    @Test
    void aFolderWrittenBeforeChecksumsIsReadAsBefore() throws Exception {
        Path folder = dir.resolve("old");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(FormatMark.NAME), FormatMark.UNCHECKED + "\n");
        try (ChronicleLog log = new ChronicleLog(folder, 1 << 20)) {
            for (int i = 0; i < 10; i++) {
                log.append(rec(i));
            }
        }
        try (ChronicleLog again = new ChronicleLog(folder, 1 << 20)) {
            List<byte[]> got = new ArrayList<>();
            again.read(0, 10, (index, data) -> got.add(data));
            assertEquals(10, got.size());
            for (int i = 0; i < 10; i++) {
                assertArrayEquals(rec(i), got.get(i), "record " + i + " read whole, no checksum taken off it");
            }
            again.reset(0);
        }
        assertEquals(FormatMark.CURRENT, Files.readString(folder.resolve(FormatMark.NAME)).trim(), "emptied, it starts checked");
    }

    /**
     * What the checksum costs an append: the same loop into a checked folder and into one of the
     * layout before (the append path without the checksum), alternating, bounded by counts;
     * printed, not asserted (a shared machine's timings).
     */
    @Test
    void theChecksumsCostPerAppendIsPrinted() {
        int rounds = 21;
        int appends = 20_000;
        byte[] record = new byte[16];
        long[][] nanos = new long[2][rounds];
        Path unchecked = dir.resolve("unchecked");
        try {
            Files.createDirectories(unchecked);
            Files.writeString(unchecked.resolve(FormatMark.NAME), FormatMark.UNCHECKED + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (ChronicleLog checked = new ChronicleLog(dir.resolve("checked"), 64 << 20);
                ChronicleLog plain = new ChronicleLog(unchecked, 64 << 20)) {
            for (int r = 0; r < rounds; r++) {
                ChronicleLog[] order = r % 2 == 0 ? new ChronicleLog[] { checked, plain } : new ChronicleLog[] { plain, checked };
                for (ChronicleLog log : order) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < appends; i++) {
                        record[0] = (byte) i;
                        log.append(record);
                    }
                    nanos[log == checked ? 0 : 1][r] = System.nanoTime() - t0;
                }
            }
        }
        // medians of the rounds: one round slowed by another process's burst says nothing of the checksum
        for (long[] n : nanos) {
            java.util.Arrays.sort(n);
        }
        System.out.printf("chronicle append of 16 bytes, median of %d rounds of %d: %.0f ns with the checksum, %.0f ns without%n",
                rounds, appends, (double) nanos[0][rounds / 2] / appends, (double) nanos[1][rounds / 2] / appends);
    }

    /** Changes one byte inside the only occurrence of {@code payload} in the folder's cycle files; returns the file. */
    static Path flipAByteOf(Path folder, byte[] payload) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".cq4")).toList();
        }
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            int at = indexOf(bytes, payload);
            if (at >= 0) {
                assertEquals(-1, indexOf(java.util.Arrays.copyOfRange(bytes, at + 1, bytes.length), payload), "found once");
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    int where = at + payload.length - 2; // a digit of the value
                    ch.write(java.nio.ByteBuffer.wrap(new byte[] { (byte) (bytes[where] ^ 0x01) }), where);
                    ch.force(true);
                }
                return f;
            }
        }
        throw new AssertionError("no cycle file in " + folder + " holds the record");
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
