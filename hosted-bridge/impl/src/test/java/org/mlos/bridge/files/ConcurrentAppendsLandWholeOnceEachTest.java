package org.mlos.bridge.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callers on instances of their own (as remote callers get) append fixed-size records to one file:
 * every record must be there once, whole, none torn by another.
 */
class ConcurrentAppendsLandWholeOnceEachTest {

    private static final int THREADS = 8;
    private static final int RECORDS = 400;
    private static final int SIZE = 3000; // larger than what some file systems write in one go under contention

    @TempDir
    Path dir;

    @Test
    void nothingLostNothingTornNothingTwice() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                DiskFiles mine = new DiskFiles(dir, 1 << 20);
                int thread = t;
                all.add(pool.submit(() -> {
                    for (int i = 0; i < RECORDS; i++) {
                        mine.append("shared.log", record(thread, i));
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        byte[] log = java.nio.file.Files.readAllBytes(dir.resolve("shared.log"));
        assertEquals(THREADS * RECORDS * SIZE, log.length);
        Set<String> seen = new HashSet<>();
        for (int at = 0; at < log.length; at += SIZE) {
            byte[] r = Arrays.copyOfRange(log, at, at + SIZE);
            String head = new String(r, 0, 16, StandardCharsets.US_ASCII).trim();
            String[] parts = head.split("-");
            assertEquals(Arrays.toString(record(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]))), Arrays.toString(r),
                    "record " + head + " torn");
            assertEquals(true, seen.add(head), "record " + head + " twice");
        }
        assertEquals(THREADS * RECORDS, seen.size());
    }

    private static byte[] record(int thread, int i) {
        byte[] r = new byte[SIZE];
        Arrays.fill(r, (byte) ('a' + thread));
        byte[] head = String.format("%-16s", thread + "-" + i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, r, 0, 16);
        r[SIZE - 1] = '\n';
        return r;
    }
}
