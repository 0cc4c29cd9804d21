package org.mlos.fault.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;
import org.mlos.fault.durable.DurableStore;
import org.mlos.fault.durable.JournalWriteFailed;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.mem.store.heap.HeapStore;

/**
 * A colleague's finding: a segment file was mapped sparse, so on a full disk the write of a record
 * into the mapping faulted (SIGBUS, an {@code InternalError}), and once the append was
 * JIT-compiled the error came at a later safepoint poll, after the log had counted the record: 10
 * of 100 refused appends used up an index and left a hole of zeroes, which the next open would
 * take for a torn record, setting aside every record acknowledged after it. The blocks are now
 * taken ahead of the mapped writes by ordinary writes ({@link SpaceAhead}): a full disk is an
 * {@link IOException} the append throws before anything moves. The disk is made full through that
 * allocation step, which is where a real full disk now refuses.
 */
@Timeout(120)
class ARefusedAppendOnAFullDiskUsedUpAnIndexTest {

    private static final int SEGMENT = 4 << 20;
    private static final int DATA = 1000;

    @TempDir
    Path dir;

    @Test
    void refusedAppendsLeaveTheNextIndexAndTheNextAppendAfterSpaceIsFreedTakesIt() {
        FullDisk disk = new FullDisk();
        SegmentLog log = new SegmentLog(dir, SEGMENT, disk);
        try {
            long before = 0;
            disk.full = true;
            // the first chunk was taken when the segment was made: appends go in until they need the next
            while (true) {
                try {
                    assertEquals(before, log.append(record(before)));
                    before++;
                } catch (UncheckedIOException e) {
                    break;
                }
            }
            assertTrue(before > 0 && before < 1100, "the first chunk (1 MB) held " + before + " records of " + DATA + " bytes");
            for (int i = 0; i < 99; i++) {
                UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> log.append(record(-1)));
                assertTrue(e.getMessage().contains("No space left on device") && e.getMessage().contains("record " + before
                        + " is still the next"), e.getMessage());
                assertEquals(before, log.nextIndex(), "a refused append moved the log");
            }
            disk.full = false;
            assertEquals(before, log.append(record(before)), "the index the refused appends did not use");
            assertArrayEquals(record(before), log.read(before));
        } finally {
            log.close();
        }
    }

    @Test
    void aRestartReadsEveryAcknowledgedRecordAndSetsNothingAside() throws IOException {
        FullDisk disk = new FullDisk();
        SegmentLog log = new SegmentLog(dir, SEGMENT, disk);
        List<byte[]> acknowledged = new ArrayList<>();
        int refused = 0;
        // 20 MB of records over 5 segments: every other chunk and every other new segment refused
        // once, as a disk filling and freed again by turns would
        disk.everyOther = true;
        while (acknowledged.size() < 20_000) {
            byte[] r = record(acknowledged.size());
            try {
                long index = log.append(r);
                assertEquals(acknowledged.size(), index, "an index used by a refused append");
                acknowledged.add(r);
            } catch (UncheckedIOException e) {
                refused++;
                assertEquals(acknowledged.size(), log.nextIndex());
            }
        }
        assertTrue(refused >= 10, "the disk refused " + refused + " appends");
        assertTrue(log.segments().length >= 5, log.segments().length + " segments");
        log.abandonAsIfKilled();

        try (SegmentLog again = new SegmentLog(dir, SEGMENT)) {
            assertEquals(acknowledged.size(), again.nextIndex(), "records acknowledged before the kill");
            for (int i = 0; i < acknowledged.size(); i++) {
                assertArrayEquals(acknowledged.get(i), again.read(i), "record " + i);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> dropped = files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".dropped-")).toList();
            assertEquals(List.of(), dropped, "bytes set aside as damage");
        }
    }

    @Test
    void aSegmentThatCannotTakeItsFirstChunkIsNotStartedAndLeavesNoFile() throws IOException {
        FullDisk disk = new FullDisk();
        try (SegmentLog log = new SegmentLog(dir, SEGMENT, disk)) {
            log.append(record(0));
            disk.full = true;
            for (int i = 0; i < 10; i++) {
                UncheckedIOException e = assertThrows(UncheckedIOException.class, log::roll);
                assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            }
            assertEquals(1, log.segments().length);
            assertTrue(!Files.exists(dir.resolve(String.format("%020d.seg", 1))), "a half-made segment left behind");
            disk.full = false;
            log.roll();
            assertEquals(1, log.append(record(1)));
        }
    }

    @Test
    void theDurableStoreSaysTheDiskIsFullAndCountsItAsTheDisks() {
        FullDisk disk = new FullDisk();
        SegmentLog[] journal = new SegmentLog[1];
        DurableStore s = new DurableStore(new HeapStore(64L << 20), new JournalSettings(dir, true, Durability.SYNC, 5, SEGMENT),
                DurableStore.SEGMENTS, (d, bytes) -> journal[0] = new SegmentLog(d, bytes, disk));
        try {
            s.recover();
            disk.full = true;
            byte[] value = new byte[100_000];
            int stored = 0;
            while (true) {
                try {
                    s.set("k" + stored, value, 0, 0);
                    stored++;
                } catch (JournalWriteFailed e) {
                    break;
                }
            }
            long next = journal[0].nextIndex();
            for (int i = 0; i < 99; i++) {
                int n = i;
                JournalWriteFailed e = assertThrows(JournalWriteFailed.class, () -> s.set("r" + n, value, 0, 0));
                assertTrue(e.getMessage().contains("the disk holding " + journal[0].dir() + " is full or failing")
                        && e.getMessage().contains("No space left on device"), e.getMessage());
                assertNull(s.get("r" + n), "a write not journaled is not served");
            }
            assertEquals(100, s.refusals().refused(), "the refusals are the disk's, for the swap supervisor");
            assertEquals(next, journal[0].nextIndex());
            disk.full = false;
            s.set("after", value, 0, 0);
            assertEquals(next + 1, journal[0].nextIndex());
        } finally {
            disk.full = false;
            s.close();
        }
    }

    @Test
    void theJournalKindSaysTheDiskIsFullAndCountsItAsTheDisks() {
        FullDisk disk = new FullDisk();
        Path folder = dir.resolve("journal");
        JournalOn journal = new JournalOn(folder, () -> new SegmentLog(folder, SEGMENT, disk));
        try {
            assertEquals(0, journal.nextIndex()); // opens the log, which takes its first chunk
            disk.full = true;
            long next = 0;
            while (true) {
                try {
                    journal.append(record(next));
                    next++;
                } catch (UncheckedIOException e) {
                    break;
                }
            }
            for (int i = 0; i < 99; i++) {
                UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> journal.append(record(-1)));
                assertTrue(e.getMessage().contains("the disk holding " + folder + " is full or failing"), e.getMessage());
            }
            assertEquals(100, journal.refusals().refused());
            assertEquals(next, journal.nextIndex());
            disk.full = false;
            assertEquals(next, journal.append(record(next)));
        } finally {
            disk.full = false;
            journal.close();
        }
    }

    private static byte[] record(long i) {
        byte[] b = new byte[DATA];
        Arrays.fill(b, (byte) (i * 31 + 7));
        byte[] n = Long.toString(i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, b, 0, n.length);
        return b;
    }
}
