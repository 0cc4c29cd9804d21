package org.mlos.bridge.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers replace one file over and over with arrays of one byte value each, while readers read
 * it: every read must be one writer's array whole (a write in place would let a reader see the
 * start of one and the end of another), and no partial file may be left behind.
 */
class ConcurrentWritesAreNeverSeenHalfDoneTest {

    private static final int WRITERS = 4;
    private static final int READERS = 4;
    private static final int ROUNDS = 150;
    private static final int SIZE = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void everyReadIsOneWholeWrite() throws Exception {
        DiskFiles files = new DiskFiles(dir, SIZE);
        files.write("shared.bin", filled((byte) 0));
        AtomicInteger torn = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int w = 1; w <= WRITERS; w++) {
                byte value = (byte) w;
                all.add(pool.submit(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        files.write("shared.bin", filled(value));
                    }
                }));
            }
            for (int r = 0; r < READERS; r++) {
                all.add(pool.submit(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        byte[] got = files.read("shared.bin");
                        byte first = got[0];
                        if (got.length != SIZE || !Arrays.equals(got, filled(first))) {
                            torn.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, torn.get(), "reads that saw a write half done");
        assertEquals(List.of("shared.bin"), files.list("").stream().map(f -> f.path()).toList());
        try (var s = java.nio.file.Files.list(dir)) {
            assertEquals(1, s.count(), "partial files left behind");
        }
    }

    private static byte[] filled(byte value) {
        byte[] b = new byte[SIZE];
        Arrays.fill(b, value);
        return b;
    }
}
