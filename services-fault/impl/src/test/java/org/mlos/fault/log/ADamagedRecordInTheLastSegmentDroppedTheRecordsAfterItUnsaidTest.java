package org.mlos.fault.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.LoggedLines;

/**
 * An outsider's trial: 4 bytes overwritten in the middle of the last segment (or the file cut
 * short) made the next open drop every record after the damaged one, 3,624 valid records, with
 * no log line, and zero them on disk, so nobody could rescue them. Dropping them stays (after a
 * power loss they may be records left past a lost page: {@link RecordsLeftPastTheEndAfterAPowerLossStayDroppedTest}),
 * but their bytes are now kept in {@code <segment>.dropped-<byte>} and a WARNING says so.
 */
class ADamagedRecordInTheLastSegmentDroppedTheRecordsAfterItUnsaidTest {

    private static final int SEGMENT = 1 << 16;
    /** 100 bytes of data and an 8-byte record header: record i starts at 16 + 108 i. */
    private static final int DATA = 100;
    private static final int RECORDS = 300;

    @TempDir
    Path dir;

    private LoggedLines log;

    @BeforeEach
    void listen() {
        log = LoggedLines.of(SegmentLog.class.getName());
    }

    @AfterEach
    void stopListening() {
        log.close();
    }

    private static byte[] record(int i) {
        byte[] b = new byte[DATA];
        Arrays.fill(b, (byte) (i + 1));
        b[0] = (byte) (i >> 8);
        return b;
    }

    private static int at(int record) {
        return Segment.HEADER + record * (Segment.RECORD_HEADER + DATA);
    }

    private Path segment() {
        return dir.resolve("00000000000000000000.seg");
    }

    private void write() {
        try (SegmentLog log = new SegmentLog(dir, SEGMENT)) {
            for (int i = 0; i < RECORDS; i++) {
                log.append(record(i));
            }
        }
    }

    private List<Path> kept() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".dropped-")).toList();
        }
    }

    private String warnings() {
        return String.join("\n", log.at(java.util.logging.Level.WARNING));
    }

    @Test
    void theRecordsAfterABadChecksumAreKeptInAFileBesideTheSegmentAndSaid() throws IOException {
        write();
        int damaged = at(100);
        try (FileChannel ch = FileChannel.open(segment(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] { -1, -1, -1, -1 }), damaged + Segment.RECORD_HEADER + 20);
        }
        byte[] dropped = Arrays.copyOfRange(Files.readAllBytes(segment()), damaged, at(RECORDS));
        try (SegmentLog log = new SegmentLog(dir, SEGMENT)) {
            assertEquals(100, log.nextIndex(), "the records before the damaged one");
            assertArrayEquals(record(99), log.read(99));
            assertEquals(RECORDS - 100, log.droppedAtOpen(), "the damaged record and those after it, counted");
        }
        Path kept = dir.resolve("00000000000000000000.seg.dropped-" + damaged);
        assertEquals(List.of(kept), kept());
        assertArrayEquals(dropped, Files.readAllBytes(kept), "the bytes dropped, exactly");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        byte[] after = Files.readAllBytes(segment());
        for (int i = damaged; i < after.length; i++) {
            assertEquals(0, after[i], "byte " + i + " past the last whole record is still zeroed");
        }
        String w = warnings();
        assertTrue(w.contains(segment().toString()), w);
        assertTrue(w.contains("byte " + damaged), w);
        assertTrue(w.contains("bad checksum"), w);
        assertTrue(w.contains(dropped.length + " bytes"), w);
        assertTrue(w.contains("the damaged record and 199 whole records"), w);
        assertTrue(w.contains(kept.toString()), w);
        // the rescued records read back from the kept file
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(kept));
        b.position(Segment.RECORD_HEADER + DATA + Segment.RECORD_HEADER);
        byte[] r101 = new byte[DATA];
        b.get(r101);
        assertArrayEquals(record(101), r101);
    }

    /** An outsider's re-check: damage at the same byte again replaced the first file, which a warning had said kept them. */
    @Test
    void aSecondDamageAtTheSameByteKeepsItsBytesBesideTheFirstOnes() throws IOException {
        write();
        int damaged = at(100);
        for (int round = 1; round <= 2; round++) {
            try (FileChannel ch = FileChannel.open(segment(), StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] { -1, -1, -1, -1 }), damaged + Segment.RECORD_HEADER + 20);
            }
            try (SegmentLog log = new SegmentLog(dir, SEGMENT)) {
                assertEquals(100, log.nextIndex());
                for (int i = 100; round == 1 && i < RECORDS; i++) {
                    log.append(record(i)); // written again from the damaged byte on
                }
            }
        }
        Path first = dir.resolve("00000000000000000000.seg.dropped-" + damaged);
        Path second = dir.resolve("00000000000000000000.seg.dropped-" + damaged + "-2");
        assertEquals(java.util.Set.of(first, second), java.util.Set.copyOf(kept()));
        assertTrue(warnings().contains(second.toString()), warnings());
    }

    @Test
    void aSegmentCutShortKeepsItsLastPartialRecordAndSaysItWasCut() throws IOException {
        write();
        int cut = at(200) + 50;
        try (FileChannel ch = FileChannel.open(segment(), StandardOpenOption.WRITE)) {
            ch.truncate(cut);
        }
        byte[] dropped = Arrays.copyOfRange(Files.readAllBytes(segment()), at(200), cut);
        try (SegmentLog log = new SegmentLog(dir, SEGMENT)) {
            assertEquals(200, log.nextIndex());
        }
        Path kept = dir.resolve("00000000000000000000.seg.dropped-" + at(200));
        assertArrayEquals(dropped, Files.readAllBytes(kept));
        String w = warnings();
        assertTrue(w.contains("cut short") && w.contains(kept.toString()) && w.contains(segment().toString()), w);
    }

    @Test
    void aCleanReopenAfterACloseKeepsNothingAndSaysNothing() throws IOException {
        write();
        try (SegmentLog log = new SegmentLog(dir, SEGMENT)) {
            assertEquals(RECORDS, log.nextIndex());
            log.append(record(RECORDS));
        }
        try (SegmentLog log = new SegmentLog(dir, SEGMENT)) {
            assertEquals(RECORDS + 1, log.nextIndex());
        }
        assertEquals(List.of(), kept());
        assertEquals("", warnings());
    }

    @Test
    void aTornTailOfZeroesIsNothingToReport() throws IOException {
        write();
        // the last record's length and checksum never written, nor its data: zeroes past the end
        try (FileChannel ch = FileChannel.open(segment(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(Segment.RECORD_HEADER + DATA), at(RECORDS - 1));
        }
        try (SegmentLog log = new SegmentLog(dir, SEGMENT)) {
            assertEquals(RECORDS - 1, log.nextIndex());
        }
        assertEquals(List.of(), kept());
        assertEquals("", warnings());
    }
}
