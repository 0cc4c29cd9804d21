package org.mlos.fault.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentLogTest {

    @TempDir
    Path dir;

    private static byte[] rec(long i) {
        return ("record-" + i + "-" + "x".repeat((int) (i % 50))).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recordsReadBackInOrderAcrossSegmentsAndAfterReopening() {
        try (SegmentLog log = new SegmentLog(dir, 4096)) {
            for (long i = 0; i < 1000; i++) {
                assertEquals(i, log.append(rec(i)));
            }
            assertTrue(segmentFiles() > 5, "small segments roll over");
            List<byte[]> got = new ArrayList<>();
            assertEquals(1000, log.read(0, 5000, (i, d) -> got.add(d)));
            for (int i = 0; i < 1000; i++) {
                assertArrayEquals(rec(i), got.get(i));
            }
        }
        try (SegmentLog log = new SegmentLog(dir, 4096)) {
            assertEquals(0, log.firstIndex());
            assertEquals(1000, log.nextIndex());
            assertArrayEquals(rec(777), log.read(777));
            assertEquals(1000, log.append(rec(1000)));
        }
    }

    @Test
    void aRecordCutShortAtTheTailIsDroppedOnOpen() throws IOException {
        try (SegmentLog log = new SegmentLog(dir, 1 << 16)) {
            for (long i = 0; i < 10; i++) {
                log.append(rec(i));
            }
        }
        Path seg;
        try (Stream<Path> s = Files.list(dir)) {
            seg = s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        // a crash between the payload and its checksum: flip a byte of the last record
        long last;
        try (SegmentLog log = new SegmentLog(dir, 1 << 16)) {
            last = log.nextIndex() - 1;
        }
        int pos = Segment.HEADER;
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer len = ByteBuffer.allocate(4);
            for (long i = 0; i < last; i++) {
                len.clear();
                ch.read(len, pos);
                pos += Segment.RECORD_HEADER + len.flip().getInt();
            }
            ch.write(ByteBuffer.wrap(new byte[] { 0x7f }), pos + Segment.RECORD_HEADER + 2);
        }
        try (SegmentLog log = new SegmentLog(dir, 1 << 16)) {
            assertEquals(9, log.nextIndex(), "the damaged last record is gone, the others kept");
            assertEquals(9, log.append(rec(99)));
            assertArrayEquals(rec(99), log.read(9));
        }
    }

    @Test
    void retentionDropsWholeOldSegmentsAndReadsBeforeThemAreRefused() {
        try (SegmentLog log = new SegmentLog(dir, 4096)) {
            for (long i = 0; i < 500; i++) {
                log.append(rec(i));
            }
            long first = log.retainFrom(300);
            assertTrue(first > 0 && first <= 300, "first kept " + first);
            assertArrayEquals(rec(300), log.read(300));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.read(0, 1, (i, d) -> { }));
            assertTrue(e.getMessage().contains("retention"), e.getMessage());
        }
        try (SegmentLog log = new SegmentLog(dir, 4096)) {
            assertEquals(500, log.nextIndex());
        }
    }

    @Test
    void truncateDropsTheTailAcrossSegmentsAndAppendsContinueFromThere() {
        try (SegmentLog log = new SegmentLog(dir, 4096)) {
            for (long i = 0; i < 400; i++) {
                log.append(rec(i));
            }
            log.truncate(123);
            assertEquals(123, log.nextIndex());
            assertEquals(123, log.append(rec(5000)));
        }
        try (SegmentLog log = new SegmentLog(dir, 4096)) {
            assertEquals(124, log.nextIndex());
            assertArrayEquals(rec(5000), log.read(123));
            assertArrayEquals(rec(122), log.read(122));
        }
    }

    @Test
    void aRecordLargerThanASegmentIsRefusedNamingTheLimit() {
        try (SegmentLog log = new SegmentLog(dir, 4096)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.append(new byte[5000]));
            assertTrue(e.getMessage().contains("segment size"), e.getMessage());
        }
    }

    @Test
    void concurrentAppendersAndSyncersLoseAndDuplicateNothing() throws Exception {
        int threads = 8;
        int each = 5000;
        Set<Long> indexes = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        try (SegmentLog log = new SegmentLog(dir, 1 << 16)) {
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        long idx = log.append(("t" + id + ":" + i).getBytes(StandardCharsets.UTF_8));
                        if (i % 100 == 0) {
                            log.syncTo(idx);
                        }
                        indexes.add(idx);
                        // a reader in step with the writers sees its own record
                        assertArrayEquals(("t" + id + ":" + i).getBytes(StandardCharsets.UTF_8), log.read(idx));
                    }
                });
                th.start();
                ts.add(th);
            }
            start.countDown();
            for (Thread th : ts) {
                th.join();
            }
            assertEquals(threads * each, indexes.size());
            assertEquals(threads * each, log.nextIndex());
            int[] next = new int[threads];
            log.read(0, threads * each, (i, d) -> {
                String[] p = new String(d, StandardCharsets.UTF_8).substring(1).split(":");
                int t = Integer.parseInt(p[0]);
                assertEquals(next[t]++, Integer.parseInt(p[1]), "each writer's records in its order");
            });
        }
    }

    private long segmentFiles() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
