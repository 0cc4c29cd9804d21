package org.mlos.fault.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SegmentsChronicleSwapTest} logged "journal flush … failed: … NoSuchFileException: …
 * 19700101F.cq4": a swap into the chronicle journal resets its log (the folder emptied, the queue
 * opened again), and the {@code batch} flusher, which took no lock of the log's, forced the cycle
 * file the reset had just deleted. A flush now waits for a reset, as a roll and a retention do.
 * Counted: 100 resets, each with records on both sides, while another thread forces in a loop.
 */
@Timeout(120)
class AFlushDuringAResetFoundNoCycleFileTest {

    @TempDir
    Path dir;

    @Test
    void flushesRacingResetsNeverFindTheirCycleFileGone() throws Exception {
        ChronicleLog log = new ChronicleLog(dir.resolve("journal").resolve("chronicle"), 1 << 20);
        List<Throwable> failed = new CopyOnWriteArrayList<>();
        AtomicBoolean resetting = new AtomicBoolean(true);
        AtomicInteger flushes = new AtomicInteger();
        try {
            log.append(new byte[] { 1 });
            Thread flusher = new Thread(() -> {
                while (resetting.get()) {
                    try {
                        log.sync();
                        flushes.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.add(e);
                    }
                }
            }, "mlos-journal-flush test");
            flusher.start();
            for (int i = 0; i < 100; i++) {
                log.reset(i * 10L);
                assertEquals(i * 10L, log.append(new byte[] { 2 }));
            }
            resetting.set(false);
            flusher.join();
            assertEquals(List.of(), failed, "flushes during resets (of " + (flushes.get() + failed.size()) + ")");
        } finally {
            log.close();
        }
    }
}
