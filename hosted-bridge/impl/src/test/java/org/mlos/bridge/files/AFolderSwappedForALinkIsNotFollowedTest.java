package org.mlos.bridge.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.api.HostFileException;

/**
 * A path is checked, then opened: a command run in the folder (an allowed {@code ln} or
 * {@code tar}) can swap a checked folder for a link leading out in between. What is opened must
 * be what was checked: the secret outside is never read, and nothing is written outside.
 */
class AFolderSwappedForALinkIsNotFollowedTest {

    private static final int READERS = 2;
    private static final int READS = 4_000;

    @TempDir
    Path dir;

    @Test
    void aWalkRefusesAFolderThatBecameALinkAfterItWasChecked() throws IOException {
        Path root = DiskFiles.folder(dir.resolve("files"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("f.txt"), "SECRET");
        Path checked = Files.createDirectories(root.resolve("sub")).toRealPath();
        Files.delete(checked);
        Files.createSymbolicLink(root.resolve("sub"), outside);
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> new FolderWalk(root).in(checked, d -> "opened"));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void readsAndWritesRacingALinkRetargetedOutNeverReachOutside() throws Exception {
        DiskFiles files = new DiskFiles(dir.resolve("files"), 1024);
        Path root = files.root();
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("f.txt"), "SECRET");
        files.write("real/f.txt", "inside".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(root.resolve("sub"), root.resolve("real"));
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger leaked = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
        try {
            // "sub" leads to the folder's own "real", then out, then in again, over and over
            Future<?> swapper = pool.submit(() -> {
                for (int i = 0; !done.get(); i++) {
                    Path next = Files.createSymbolicLink(root.resolve("next"), i % 2 == 0 ? outside : root.resolve("real"));
                    Files.move(next, root.resolve("sub"), StandardCopyOption.ATOMIC_MOVE);
                }
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                readers.add(pool.submit(() -> {
                    for (int i = 0; i < READS; i++) {
                        try {
                            if (new String(files.read("sub/f.txt"), StandardCharsets.UTF_8).equals("SECRET")) {
                                leaked.incrementAndGet();
                            }
                            files.write("sub/w.txt", new byte[1]);
                        } catch (HostFileException refused) {
                            // the link led out when it was checked: refused, the secret kept
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : readers) {
                f.get();
            }
            done.set(true);
            swapper.get();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, leaked.get(), "reads that returned the file outside the folder");
        assertFalse(Files.exists(outside.resolve("w.txt")), "a write landed outside the folder");
    }

}
