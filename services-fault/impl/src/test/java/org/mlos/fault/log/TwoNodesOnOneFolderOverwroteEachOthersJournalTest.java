package org.mlos.fault.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes given one mlos.fault.dir both opened the same segments journal and wrote over each
 * other's records (one node's 3,000 acknowledged writes vanished). The log now holds an exclusive
 * lock on {@code <folder>/.lock} while it is open; a second opener, in this process or another,
 * is refused with a message naming the folder and what to do.
 */
class TwoNodesOnOneFolderOverwroteEachOthersJournalTest {

    @TempDir
    Path dir;

    @Test
    void aSecondLogOnTheFolderIsRefusedUntilTheFirstCloses() {
        SegmentLog first = new SegmentLog(dir, 4096);
        first.append("a".getBytes(StandardCharsets.UTF_8));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new SegmentLog(dir, 4096));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        assertTrue(e.getMessage().contains("give each node its own mlos.fault.dir"), e.getMessage());
        assertEquals(1, first.append("b".getBytes(StandardCharsets.UTF_8)), "the first still writes");
        first.close();
        try (SegmentLog again = new SegmentLog(dir, 4096)) {
            assertEquals(2, again.nextIndex());
        }
    }

    @Test
    void aLogHeldByAnotherProcessIsRefusedNamingItsPid() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path holder = dir.resolve("Holder.java");
        Path journal = dir.resolve("journal");
        Files.createDirectories(journal);
        Files.writeString(holder, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Holder {
                    public static void main(String[] a) throws Exception {
                        FileChannel ch = FileChannel.open(Path.of(a[0], ".lock"), StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                        ch.lock();
                        ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\\n").getBytes()));
                        System.out.println("locked");
                        System.out.flush();
                        System.in.read();
                    }
                }
                """);
        Process p = new ProcessBuilder(java.toString(), holder.toString(), journal.toString())
                .redirectErrorStream(true).start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
            assertEquals("locked", line);
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new SegmentLog(journal, 4096));
            assertTrue(e.getMessage().contains("another process (pid " + p.pid() + ")"), e.getMessage());
            assertTrue(e.getMessage().contains(journal.toString()), e.getMessage());
        } finally {
            p.getOutputStream().close();
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
        try (SegmentLog log = new SegmentLog(journal, 4096)) {
            assertEquals(0, log.nextIndex(), "the holder gone, the folder opens");
        } catch (UncheckedIOException e) {
            throw new AssertionError(e);
        }
        assertTrue(Files.exists(journal.resolve(".lock")));
    }

    @Test
    void theLockIsReleasedWhenTheOpenFails() throws IOException {
        try (SegmentLog log = new SegmentLog(dir, 4096)) {
            log.append(new byte[10]);
            log.roll();
            log.append(new byte[10]);
        }
        Files.delete(dir.resolve("00000000000000000000.seg")); // a later segment then does not start at 0: refused
        Files.writeString(dir.resolve("00000000000000000000.seg"), "not a segment, but long enough to be looked at");
        assertThrows(UncheckedIOException.class, () -> new SegmentLog(dir, 4096));
        Files.delete(dir.resolve("00000000000000000000.seg"));
        try (SegmentLog log = new SegmentLog(dir, 4096)) {
            assertEquals(2, log.nextIndex(), "not refused as held: the failed open let go of the lock");
        }
    }
}
