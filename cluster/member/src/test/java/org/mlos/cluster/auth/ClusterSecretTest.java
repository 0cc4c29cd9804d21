package org.mlos.cluster.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretTest {

    private static final String SECRET = "c0ffee".repeat(11);

    private static Path file(Path dir, String perms) throws Exception {
        Path f = dir.resolve("cluster.secret");
        Files.writeString(f, SECRET + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void thePropertyWinsOverTheEnvironment(@TempDir Path dir) throws Exception {
        Path f = file(dir, "rw-------");
        ClusterSecret s = ClusterSecret.from(Map.of(ClusterSecret.FILE_PROPERTY, f.toString())::get,
                Map.of(ClusterSecret.VALUE_ENV, "x".repeat(40))::get).orElseThrow();
        assertArrayEquals(SECRET.getBytes(StandardCharsets.UTF_8), s.key());
        assertTrue(s.source().contains("framework property"), s.source());
    }

    @Test
    void theEnvironmentGivesAFileOrTheValue(@TempDir Path dir) throws Exception {
        Path f = file(dir, "r--------");
        assertArrayEquals(SECRET.getBytes(StandardCharsets.UTF_8), ClusterSecret.from(k -> null,
                Map.of(ClusterSecret.FILE_ENV, f.toString())::get).orElseThrow().key());
        assertEquals(40, ClusterSecret.from(k -> null, Map.of(ClusterSecret.VALUE_ENV, "y".repeat(40))::get).orElseThrow()
                .key().length);
        assertTrue(ClusterSecret.from(k -> null, k -> null).isEmpty());
    }

    @Test
    void aFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
        Path f = file(dir, "rw-r--r--");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ClusterSecret.from(Map.of(ClusterSecret.FILE_PROPERTY, f.toString())::get, k -> null));
        assertTrue(e.getMessage().contains("readable by other users"), e.getMessage());
    }

    @Test
    void aShortOrMissingSecretIsAnErrorNotNone(@TempDir Path dir) {
        assertThrows(IllegalStateException.class, () -> ClusterSecret.from(k -> null, Map.of(ClusterSecret.VALUE_ENV, "short")::get));
        assertThrows(IllegalStateException.class, () -> ClusterSecret.from(
                Map.of(ClusterSecret.FILE_PROPERTY, dir.resolve("none").toString())::get, k -> null));
    }
}
