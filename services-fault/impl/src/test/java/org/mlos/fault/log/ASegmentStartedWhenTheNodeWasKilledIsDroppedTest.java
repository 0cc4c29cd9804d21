package org.mlos.fault.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable node SIGKILLed under write load (DurableNodeIT, beside a CPU hog) did not start
 * again: "journal segment …19313.seg does not start with a segment header". It was killed while it
 * started a segment: the file made and sized (zero-filled), the header not yet whole. Such a
 * segment holds no record (a record is appended once the segment is whole), so opening the journal
 * removes it and goes on; every record before it is kept. A damaged segment that holds records,
 * or one that is not the last, is still refused.
 */
class ASegmentStartedWhenTheNodeWasKilledIsDroppedTest {

    private static final int SEGMENT = 4096;

    @TempDir
    Path dir;

    /** A journal of three records in the first segment, then the named file as the second. */
    private long[] journalThenUnfinished(byte[] start, long size) throws IOException {
        long next;
        try (SegmentLog log = new SegmentLog(dir, SEGMENT)) {
            for (int i = 0; i < 3; i++) {
                log.append(("r" + i).getBytes(StandardCharsets.UTF_8));
            }
            log.sync();
            next = log.nextIndex();
        }
        Path unfinished = dir.resolve(String.format("%020d.seg", next));
        try (FileChannel ch = FileChannel.open(unfinished, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (size > 0) {
                ch.write(ByteBuffer.allocate(1), size - 1); // sized, zero-filled
            }
            ch.write(ByteBuffer.wrap(start), 0);
        }
        return new long[] { next };
    }

    private void opensWithTheRecordsBefore(long next) {
        try (SegmentLog log = new SegmentLog(dir, SEGMENT)) {
            assertEquals(next, log.nextIndex());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(("r" + i).getBytes(StandardCharsets.UTF_8), log.read(i));
            }
            assertEquals(next, log.append("after".getBytes(StandardCharsets.UTF_8)), "appends go on where they were");
        }
    }

    @Test
    void killedBeforeTheHeaderWasWritten() throws IOException {
        opensWithTheRecordsBefore(journalThenUnfinished(new byte[0], SEGMENT)[0]);
    }

    @Test
    void killedBeforeTheFileWasSized() throws IOException {
        opensWithTheRecordsBefore(journalThenUnfinished(new byte[0], 0)[0]);
    }

    @Test
    void killedWithHalfAHeader() throws IOException {
        ByteBuffer magicOnly = ByteBuffer.allocate(4).putInt(0, Segment.MAGIC);
        opensWithTheRecordsBefore(journalThenUnfinished(magicOnly.array(), SEGMENT)[0]);
    }

    @Test
    void aLastSegmentWithoutAHeaderButWithARecordIsStillRefused() throws IOException {
        ByteBuffer recordAfterNoHeader = ByteBuffer.allocate(Segment.HEADER + 4).putInt(Segment.HEADER, 5);
        journalThenUnfinished(recordAfterNoHeader.array(), SEGMENT);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new SegmentLog(dir, SEGMENT));
        assertEquals(true, e.getMessage().contains("does not start with a segment header"), e.getMessage());
    }
}
