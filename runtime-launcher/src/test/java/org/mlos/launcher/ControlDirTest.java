package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlDirTest {

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aMissingFolderIsCreatedOwnerOnly(@TempDir Path tmp) throws Exception {
        Path dir = ControlDir.prepare(tmp.resolve("mlos-someone"));
        assertEquals("rwx------", perms(dir));
    }

    @Test
    void anOpenFolderOfOursIsClosed(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("run"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        ControlDir.prepare(dir);
        assertEquals("rwx------", perms(dir));
    }

    @Test
    void aLinkOrAFileIsRefused(@TempDir Path tmp) throws Exception {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        assertThrows(java.io.IOException.class, () -> ControlDir.prepare(link));
        Path file = Files.createFile(tmp.resolve("file"));
        assertThrows(java.io.IOException.class, () -> ControlDir.prepare(file));
    }
}
