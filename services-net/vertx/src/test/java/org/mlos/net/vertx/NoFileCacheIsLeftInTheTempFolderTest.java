package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Vert.x made a {@code vertx-cache-<uuid>} folder in the temporary folder when it started, and
 * deleted it only when closed: every node killed with -9 left one (a tester's /tmp held 855).
 * The node serves no files, so its Vert.x makes none.
 */
class NoFileCacheIsLeftInTheTempFolderTest {

    @Test
    void aRunningServerHasMadeNoCacheFolder() throws IOException {
        Set<Path> before = caches();
        VertxNetworkServer server = new VertxNetworkServer(1);
        try {
            Set<Path> made = caches();
            made.removeAll(before);
            assertEquals(Set.of(), made, "folders Vert.x made in " + tmp());
        } finally {
            server.stop();
        }
    }

    private static Path tmp() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static Set<Path> caches() throws IOException {
        try (Stream<Path> all = Files.list(tmp())) {
            return new HashSet<>(all.filter(p -> p.getFileName().toString().startsWith("vertx-cache")).toList());
        }
    }
}
