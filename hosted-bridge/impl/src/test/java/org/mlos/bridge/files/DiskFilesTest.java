package org.mlos.bridge.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.api.FileInfo;
import org.mlos.bridge.api.HostFileException;
import org.mlos.bridge.api.HostFileNotFoundException;

class DiskFilesTest {

    @TempDir
    Path dir;
    Path root;
    DiskFiles files;

    @BeforeEach
    void open() throws IOException {
        root = dir.resolve("files");
        files = new DiskFiles(root, 1024);
    }

    @Test
    void aWrittenFileReadsBackAndIsListedAndDeleted() {
        byte[] bytes = { 0, 1, (byte) 0xff, '\n' };
        files.write("reports/2026/a.bin", bytes);
        assertArrayEquals(bytes, files.read("reports/2026/a.bin"));
        List<FileInfo> listed = files.list("reports/2026");
        assertEquals(1, listed.size());
        assertEquals("reports/2026/a.bin", listed.get(0).path());
        assertEquals(4, listed.get(0).size());
        assertFalse(listed.get(0).folder());
        assertEquals(List.of("reports"), files.list("").stream().map(FileInfo::path).toList());
        assertTrue(files.stat("reports").orElseThrow().folder());
        assertTrue(files.delete("reports/2026/a.bin"));
        assertFalse(files.delete("reports/2026/a.bin"));
        assertEquals(Optional.empty(), files.stat("reports/2026/a.bin"));
    }

    @Test
    void appendsAddToTheEndAndMakeTheFile() {
        files.append("logs/a.log", "one\n".getBytes(StandardCharsets.UTF_8));
        files.append("logs/a.log", "two\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("one\ntwo\n", new String(files.read("logs/a.log"), StandardCharsets.UTF_8));
        assertThrows(HostFileException.class, () -> files.append("logs", new byte[1]));
        assertThrows(HostFileException.class, () -> files.append("logs/a.log", new byte[1025]));
        assertThrows(HostFileException.class, () -> files.append("../x.log", new byte[1]));
    }

    @Test
    void theRootIsMadePrivateWhenMissing() throws IOException {
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
    }

    @Test
    void pathsThatCouldLeaveTheFolderAreRefusedByName() {
        for (String bad : List.of("/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", "", "a\0b")) {
            HostFileException e = assertThrows(HostFileException.class, () -> files.read(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") || bad.isEmpty(), e.getMessage());
        }
        assertThrows(HostFileException.class, () -> files.write("../escaped", new byte[1]));
        assertFalse(Files.exists(dir.resolve("escaped")));
    }

    @Test
    void aSymbolicLinkLeadingOutIsRefusedAndNotListed() throws IOException {
        Path outside = Files.writeString(dir.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(root.resolve("link.txt"), outside);
        Files.createSymbolicLink(root.resolve("out"), dir);
        Files.createSymbolicLink(root.resolve("nowhere"), dir.resolve("missing"));
        assertTrue(assertThrows(HostFileException.class, () -> files.read("link.txt")).getMessage().contains("symbolic link"));
        assertTrue(assertThrows(HostFileException.class, () -> files.read("out/secret.txt")).getMessage().contains("symbolic link"));
        assertThrows(HostFileException.class, () -> files.write("out/new.txt", new byte[1]));
        assertFalse(Files.exists(dir.resolve("new.txt")));
        assertThrows(HostFileException.class, () -> files.read("nowhere"));
        assertEquals(List.of(), files.list(""), "links leading out are not listed");
    }

    @Test
    void aLinkInsideTheFolderIsFollowed() throws IOException {
        files.write("real/a.txt", "in".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
        assertEquals("in", new String(files.read("alias/a.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void aFileWithAHardLinkIsNotServedSinceTheOtherNameMayBeOutside() throws IOException {
        Path outside = Files.writeString(dir.resolve("passwd"), "root:x:0:0");
        Files.createLink(root.resolve("hard"), outside);
        assertTrue(assertThrows(HostFileException.class, () -> files.read("hard")).getMessage().contains("hard link"));
        assertThrows(HostFileException.class, () -> files.readRange("hard", 0, 4));
        assertThrows(HostFileException.class, () -> files.append("hard", new byte[] { 'x' }));
        assertEquals("root:x:0:0", Files.readString(outside), "nothing appended outside");
    }

    @Test
    void aFileWhereAFolderShouldBeIsTheCallersMistakeAndNamesNoHostPath() {
        files.write("f", new byte[1]);
        // a read, a part read and a delete of such a path answered 500 "Not a directory" and 400 "changed while it
        // was opened …: null" (an outsider's GET and DELETE of in/photo.png/x)
        for (Runnable call : List.<Runnable>of(() -> files.write("f/x", new byte[1]), () -> files.append("f/x", new byte[1]),
                () -> files.read("f/x"), () -> files.readRange("f/x", 0, 1), () -> files.delete("f/x"))) {
            HostFileException e = assertThrows(HostFileException.class, call::run);
            assertFalse(e instanceof org.mlos.bridge.api.HostFileFailedException, e.getMessage());
            assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
            assertFalse(e.getMessage().contains(dir.toString()), "no host path: " + e.getMessage());
        }
    }

    /** A 300-character name answered 500 "File name too long": the request's fault, and said so. */
    @Test
    void aNameLongerThanTheFileSystemTakesIsTheCallersMistake() {
        String name = "n".repeat(300);
        for (Runnable call : List.<Runnable>of(() -> files.write(name, new byte[1]), () -> files.append(name, new byte[1]))) {
            HostFileException e = assertThrows(HostFileException.class, call::run);
            assertFalse(e instanceof org.mlos.bridge.api.HostFileFailedException, e.getMessage());
            assertTrue(e.getMessage().contains("longer than the host's file system takes"), e.getMessage());
        }
    }

    @Test
    void foldersAWriteMakesArePrivate() throws IOException {
        files.write("a/b/c.txt", new byte[1]);
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("a/b"))));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("a/b/c.txt"))));
    }

    @Test
    void aPipeIsRefusedNotWaitedOn() throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).inheritIO().start().waitFor());
        assertTrue(assertThrows(HostFileException.class, () -> files.read("pipe")).getMessage().contains("not a plain file"));
    }

    @Test
    void aFileOfAnySizeIsReadInParts() throws IOException {
        byte[] big = new byte[3000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        Files.write(root.resolve("big"), big);
        assertTrue(assertThrows(HostFileException.class, () -> files.read("big")).getMessage().contains("in parts"));
        assertArrayEquals(Arrays.copyOfRange(big, 0, 1024), files.readRange("big", 0, 1024));
        assertArrayEquals(Arrays.copyOfRange(big, 2048, 3000), files.readRange("big", 2048, 1024), "fewer at the end");
        assertArrayEquals(new byte[0], files.readRange("big", 3000, 10), "none past the end");
        assertArrayEquals(new byte[0], files.readRange("big", 1L << 40, 10));
        assertThrows(HostFileException.class, () -> files.readRange("big", -1, 10));
        assertThrows(HostFileException.class, () -> files.readRange("big", 0, -1));
        assertArrayEquals(Arrays.copyOfRange(big, 100, 1124), files.readRange("big", 100, 5000), "cut at the limit");
        assertThrows(HostFileNotFoundException.class, () -> files.readRange("none", 0, 1));
        files.write("d/f", new byte[1]);
        assertThrows(HostFileException.class, () -> files.readRange("d", 0, 1));
        assertThrows(HostFileException.class, () -> files.readRange("../x", 0, 1));
    }

    @Test
    void filesOverTheLimitAreRefusedBothWays() throws IOException {
        assertTrue(assertThrows(HostFileException.class, () -> files.write("big", new byte[1025])).getMessage()
                .contains("mlos.bridge.file.max.bytes"));
        Files.write(root.resolve("big"), new byte[2000]);
        assertThrows(HostFileException.class, () -> files.read("big"));
        files.write("fits", new byte[1024]);
    }

    @Test
    void missingThingsAreNotFoundAndFoldersAreNoFiles() {
        assertThrows(HostFileNotFoundException.class, () -> files.read("none"));
        assertThrows(HostFileNotFoundException.class, () -> files.list("none"));
        files.write("d/f", new byte[0]);
        assertArrayEquals(new byte[0], files.read("d/f"));
        assertTrue(assertThrows(HostFileException.class, () -> files.read("d")).getMessage().contains("folder"));
        assertThrows(HostFileException.class, () -> files.write("d", new byte[1]));
        assertThrows(HostFileException.class, () -> files.list("d/f"));
        assertTrue(assertThrows(HostFileException.class, () -> files.delete("d")).getMessage().contains("not empty"));
        assertThrows(HostFileException.class, () -> files.write(".mlos-partial-x", new byte[1]));
    }
}
