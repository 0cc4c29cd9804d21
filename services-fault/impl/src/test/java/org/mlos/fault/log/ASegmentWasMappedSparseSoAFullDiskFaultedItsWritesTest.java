package org.mlos.fault.log;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why a full disk faulted the mapped writes ({@link ARefusedAppendOnAFullDiskUsedUpAnIndexTest}):
 * a segment file was sized by its mapping, sparse, with one block under its header, so every
 * record written into it asked the file system for a block from inside a memory access. Its blocks
 * are now taken a chunk ahead of the records, by the log, on the real file system. Counted with
 * {@code stat} (GNU), on a file system that keeps the zeroes written to it (ext4, xfs, tmpfs; one
 * that turns them into holes, as a compressing one does, is skipped: there the log's fault
 * handling is the last resort).
 */
@Timeout(60)
class ASegmentWasMappedSparseSoAFullDiskFaultedItsWritesTest {

    private static final int SEGMENT = 8 << 20;

    @TempDir
    Path dir;

    @Test
    void itsBlocksAreTakenAChunkAheadOfItsRecords() throws Exception {
        Path control = dir.resolve("control");
        try (FileChannel ch = FileChannel.open(control, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(SpaceAhead.CHUNK));
        }
        Long controlBytes = allocatedBytes(control);
        assumeTrue(controlBytes != null && controlBytes >= SpaceAhead.CHUNK,
                "stat counts the blocks of written zeroes here: " + controlBytes);

        Path folder = dir.resolve("journal");
        try (SegmentLog log = new SegmentLog(folder, SEGMENT)) {
            Path segment = log.segments()[0].file;
            long atStart = allocatedBytes(segment);
            assertTrue(atStart >= SpaceAhead.CHUNK && atStart < SEGMENT,
                    "a new segment took " + atStart + " bytes of blocks, where one chunk was due (" + SpaceAhead.CHUNK + ")");
            byte[] record = new byte[1000];
            long written = 0;
            for (int i = 0; written < 3 * SpaceAhead.CHUNK; i++) {
                byte[] n = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(n, 0, record, 0, n.length);
                log.append(record);
                written += Segment.RECORD_HEADER + record.length;
            }
            long after = allocatedBytes(segment);
            assertTrue(after >= Segment.HEADER + written && after <= Segment.HEADER + written + 2L * SpaceAhead.CHUNK,
                    "after " + written + " bytes of records the segment's blocks hold " + after
                            + " bytes: all of the records and at most a chunk ahead were due");
        }
    }

    /** What {@code stat} says the file's blocks hold, null where there is no GNU stat. */
    private static Long allocatedBytes(Path file) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            String[] f = out.split(" ");
            return Long.parseLong(f[0]) * Long.parseLong(f[1]);
        } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }
}
