package org.mlos.fault.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.FolderLock;
import org.mlos.fault.durable.DurableStore;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.log.SegmentLog;
import org.mlos.mem.store.heap.HeapStore;

/**
 * Two nodes given one mlos.fault.dir on the chronicle journal both opened its queue (Chronicle
 * lets several processes append), both wrote into it, and each replayed the other's records at
 * its next start. The chronicle log now holds the folder's lock as the segments journal does: a
 * second opener, in this process or another, is refused naming the folder and the holder's pid;
 * a killed holder's lock file, left behind with its pid, refuses nothing.
 */
@Timeout(120)
class TwoNodesOnOneChronicleFolderReplayedEachOthersRecordsTest {

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void saysWhoHoldsIt(UncheckedIOException e, Path folder, long pid) {
        assertTrue(e.getMessage().contains("cannot open the journal in " + folder), e.getMessage());
        assertTrue(e.getMessage().contains("pid " + pid), e.getMessage());
        assertTrue(e.getMessage().contains("give each node its own mlos.fault.dir"), e.getMessage());
    }

    @Test
    void aSecondChronicleLogOnTheFolderIsRefusedUntilTheFirstCloses() {
        Path q = dir.resolve("q");
        ChronicleLog first = new ChronicleLog(q, 1 << 20);
        assertEquals(0, first.append(b("a")));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new ChronicleLog(q, 1 << 20));
        saysWhoHoldsIt(e, q, ProcessHandle.current().pid());
        assertEquals(1, first.append(b("b")), "the first still writes");
        first.reset(first.nextIndex()); // empties the folder, but for its lock file
        assertTrue(Files.exists(q.resolve(FolderLock.FILE)));
        assertThrows(UncheckedIOException.class, () -> new ChronicleLog(q, 1 << 20), "still held after a reset");
        assertEquals(2, first.append(b("c")));
        first.close();
        ChronicleLog again = new ChronicleLog(q, 1 << 20);
        assertEquals(3, again.nextIndex());
        assertArrayEquals(b("c"), readOne(again, 2));
        again.close();
    }

    @Test
    void aSegmentsLogIsRefusedOnAFolderAChronicleLogHolds() {
        Path q = dir.resolve("q");
        ChronicleLog chronicle = new ChronicleLog(q, 1 << 20);
        try {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new SegmentLog(q, 4096));
            saysWhoHoldsIt(e, q, ProcessHandle.current().pid());
        } finally {
            chronicle.close();
        }
    }

    @Test
    void aSecondDurableStoreOnTheFolderIsRefusedAndTheFirstKeepsServing() {
        JournalSettings settings = new JournalSettings(dir, true, Durability.SYNC, 5, 1 << 20);
        DurableStore first = new DurableStore(new HeapStore(64L << 20), settings, "chronicle", new ChronicleLogs());
        first.recover();
        first.set("k", b("first's"), 0, 0);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new DurableStore(new HeapStore(64L << 20), settings, "chronicle", new ChronicleLogs()));
        saysWhoHoldsIt(e, dir.resolve("store").resolve("journal-chronicle"), ProcessHandle.current().pid());
        first.set("k2", b("still first's"), 0, 0);
        first.close();
        DurableStore again = new DurableStore(new HeapStore(64L << 20), settings, "chronicle", new ChronicleLogs());
        again.recover();
        assertArrayEquals(b("still first's"), again.get("k2").value());
        again.close();
    }

    @Test
    void aFolderHeldByAnotherProcessIsRefusedNamingItsPidAndOpensOnceThatProcessIsKilled() throws Exception {
        Path q = dir.resolve("q");
        new ChronicleLog(q, 1 << 20).close(); // a journal with its lock file, as a node leaves it
        Process holder = holdLock(q);
        try {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new ChronicleLog(q, 1 << 20));
            saysWhoHoldsIt(e, q, holder.pid());
            assertTrue(e.getMessage().contains("another process"), e.getMessage());
        } finally {
            holder.destroyForcibly(); // SIGKILL: its lock dies with it, its pid stays in the file
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(String.valueOf(holder.pid()), Files.readString(q.resolve(FolderLock.FILE)).trim(),
                "the killed holder's file is left behind");
        ChronicleLog restarted = new ChronicleLog(q, 1 << 20);
        try {
            assertEquals(0, restarted.append(b("after the kill")));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), Files.readString(q.resolve(FolderLock.FILE)).trim());
        } finally {
            restarted.close();
        }
    }

    /** A process that takes the folder's lock as a journal does and keeps it until killed. */
    private Process holdLock(Path folder) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path source = dir.resolve("Holder.java");
        Files.writeString(source, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Holder {
                    public static void main(String[] a) throws Exception {
                        FileChannel ch = FileChannel.open(Path.of(a[0], ".lock"), StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                        ch.lock();
                        ch.truncate(0);
                        ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\\n").getBytes()), 0);
                        System.out.println("locked");
                        System.out.flush();
                        Thread.sleep(Long.MAX_VALUE);
                    }
                }
                """);
        Process p = new ProcessBuilder(java.toString(), source.toString(), folder.toString()).redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"locked".equals(line)) {
            p.destroyForcibly();
            throw new AssertionError("the holder did not take the lock: " + line);
        }
        return p;
    }

    private static byte[] readOne(ChronicleLog log, long index) {
        byte[][] out = new byte[1][];
        log.read(index, 1, (i, data) -> out[0] = data);
        return out[0];
    }
}
