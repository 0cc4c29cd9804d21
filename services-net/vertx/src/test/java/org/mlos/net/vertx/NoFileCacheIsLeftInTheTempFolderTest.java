package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.vertx.core.file.impl.FileResolverImpl;
import io.vertx.core.internal.VertxInternal;

/**
 * Vert.x made a {@code vertx-cache-<uuid>} folder in the temporary folder when it started, and
 * deleted it only when closed: every node killed with -9 left one (a tester's /tmp held 855).
 * The node serves no files, so its Vert.x keeps no file cache, and makes no folder for one. Asked
 * of the instance's own file resolver rather than read off the shared temporary folder, where
 * another JVM's Vert.x may make one meanwhile.
 */
class NoFileCacheIsLeftInTheTempFolderTest {

    @Test
    void theServersVertxKeepsNoFileCache() {
        VertxNetworkServer server = new VertxNetworkServer(1);
        try {
            FileResolverImpl files = (FileResolverImpl) ((VertxInternal) server.vertx()).fileResolver();
            assertNull(files.cacheDir(), "Vert.x made a file cache folder");
        } finally {
            server.stop();
        }
    }
}
