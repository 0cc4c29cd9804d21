package org.mlos.core.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket's folder was created with the umask's permissions: anyone could reach the socket. */
class PrivateFolderTest {

    @TempDir
    Path tmp;

    @Test
    void createsTheFolderOwnerOnly() throws IOException {
        Path dir = tmp.resolve("a/b/mlos");
        PrivateFolder.prepare(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void tightensAnOpenFolderOfOurOwn() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        PrivateFolder.prepare(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void refusesALinkOrAFile() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        IOException e = assertThrows(IOException.class, () -> PrivateFolder.prepare(link));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        Path file = Files.createFile(tmp.resolve("file"));
        assertThrows(IOException.class, () -> PrivateFolder.prepare(file));
    }
}
