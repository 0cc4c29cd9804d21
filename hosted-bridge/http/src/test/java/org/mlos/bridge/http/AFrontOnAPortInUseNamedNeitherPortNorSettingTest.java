package org.mlos.bridge.http;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.files.DiskFiles;
import org.mlos.core.settings.BearerToken;

/**
 * An outsider's trial: {@code mlos run web --set mlos.bridge.http.port=<a port in use>} ended on
 * "BridgeHttp failed to activate: ExecutionException: java.net.BindException: Address already in
 * use", naming neither the address nor what to do. It now says both, as the memcached server does.
 */
class AFrontOnAPortInUseNamedNeitherPortNorSettingTest {

    @TempDir
    Path dir;

    @Test
    void aPortInUseIsNamedWithTheSettingThatChangesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RunningFront running = new RunningFront(dir, BodyLimits.of(1024), new DiskFiles(dir, 1024));
                HttpFront second = new HttpFront(running.vertx, BearerToken.of(RunningFront.TOKEN, "the bridge token"),
                        BodyLimits.of(1024), new FileRoutes(new DiskFiles(dir, 1024), 1024), new CommandRoutes(running.commands))) {
            int port = taken.getLocalPort();
            IOException e = assertThrows(IOException.class, () -> second.start("127.0.0.1", port));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port + " for the bridge's HTTP front: ")
                    && e.getMessage().endsWith("(another node or server has it); choose another port (--set"
                            + " mlos.bridge.http.port=<port>), or 0 for any free one"), e.getMessage());
        }
    }
}
