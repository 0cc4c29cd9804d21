package org.mlos.fault.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by review, proven on the files a power loss leaves: the page cache wrote a later page of
 * the last segment's tail and lost an earlier one. The journal opened at the hole, took new records
 * of the same size (a cache's fixed-size items) up to the old records past it, and the next start,
 * even after a clean close, read the old records again after the new: overwritten values back,
 * deleted keys back. Opening now zeroes and forces whatever lies past the last whole record.
 *
 * <p>Beside it, the other faults the review named: a segment sealed is forced before the next is
 * started (a torn end of a segment no longer the last kept the journal from opening); a segment that
 * cannot be made whole leaves no file that would take the next attempt's name; a journal whose only
 * segment was being started again (a reset) opens at that segment's index, not at 0.
 */
class RecordsLeftPastTheEndAfterAPowerLossStayDroppedTest {

    private static final int PAGE = 4096;
    /** 16-byte header + 17 records of 240 bytes = one page: record 17 starts the second page. */
    private static final int RECORD = 240 - Segment.RECORD_HEADER;

    @TempDir
    Path dir;

    private static byte[] record(int tag) {
        byte[] b = new byte[RECORD];
        Arrays.fill(b, (byte) tag);
        return b;
    }

    private Path segment(long firstIndex) {
        return dir.resolve(String.format("%020d.seg", firstIndex));
    }

    /** Zeroes [from, to) of a file on storage: a page the power loss did not write. */
    private static void lose(Path file, long from, long to) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate((int) (to - from)), from);
        }
    }

    @Test
    void oldRecordsPastALostPageDoNotComeBackAfterNewOnes() throws IOException {
        try (SegmentLog log = new SegmentLog(dir, 16 * PAGE)) {
            for (int i = 0; i < 60; i++) {
                log.append(record(i));
            }
            log.sync();
        }
        lose(segment(0), PAGE, 2 * PAGE);
        try (SegmentLog log = new SegmentLog(dir, 16 * PAGE)) {
            assertEquals(17, log.nextIndex(), "the records before the lost page");
            for (int i = 0; i < 18; i++) {
                log.append(record(100 + i));
            }
        }
        try (SegmentLog log = new SegmentLog(dir, 16 * PAGE)) {
            assertEquals(35, log.nextIndex(), "no record from before the loss after the new ones");
            assertEquals((byte) 117, log.read(34)[0]);
        }
    }

    @Test
    void aRecordCutShortIsWipedOnStorageWithWhatFollowsIt() throws IOException {
        try (SegmentLog log = new SegmentLog(dir, 16 * PAGE)) {
            for (int i = 0; i < 40; i++) {
                log.append(record(i));
            }
        }
        lose(segment(0), Segment.HEADER + 5L * 240 + 100, Segment.HEADER + 5L * 240 + 120); // inside record 5
        try (SegmentLog log = new SegmentLog(dir, 16 * PAGE)) {
            assertEquals(5, log.nextIndex());
        }
        byte[] file = Files.readAllBytes(segment(0));
        for (int i = Segment.HEADER + 5 * 240; i < file.length; i++) {
            assertEquals(0, file[i], "byte " + i + " past the last whole record");
        }
    }

    @Test
    void aSealedSegmentIsForcedBeforeTheNextStarts() {
        try (SegmentLog log = new SegmentLog(dir, PAGE)) {
            for (int i = 0; i < 100; i++) {
                log.append(record(i)); // 17 a segment: no sync asked for
            }
            Segment[] segments = log.segments();
            assertEquals(6, segments.length);
            for (int i = 0; i < segments.length - 1; i++) {
                assertEquals(0, segments[i].unforced(), "segment " + i + " sealed with bytes not forced");
            }
        }
    }

    @Test
    void aSegmentThatCannotBeMadeWholeLeavesNoFile() {
        Path file = segment(7);
        assertThrows(IOException.class, () -> Segment.create(file, 7, -1, SpaceAhead.WRITTEN_ZEROES));
        assertFalse(Files.exists(file), "a file left would take the name the next attempt needs");
    }

    @Test
    void aResetKilledWhileStartingItsSegmentOpensAtItsIndex() throws IOException {
        try (SegmentLog log = new SegmentLog(dir, PAGE)) {
            log.append(record(1));
            log.reset(500);
        }
        Files.delete(segment(500));
        try (FileChannel ch = FileChannel.open(segment(500), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(1), PAGE - 1); // sized, zero-filled: the header not yet written
        }
        try (SegmentLog log = new SegmentLog(dir, PAGE)) {
            assertEquals(500, log.firstIndex());
            assertEquals(500, log.append(record(2)));
        }
    }
}
