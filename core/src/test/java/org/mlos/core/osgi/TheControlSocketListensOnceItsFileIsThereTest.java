package org.mlos.core.osgi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.settings.NodeProperties;
import org.osgi.framework.BundleContext;

/**
 * The control socket's file appeared at bind, before the socket listened: a client that saw it
 * and connected at once was refused ("Connection refused" in a test on a busy machine). It is
 * bound under another name now and moved into place once it listens. Each round connects the
 * moment the file is there, and must be answered; nothing but the socket is left in the folder.
 */
@Timeout(120)
class TheControlSocketListensOnceItsFileIsThereTest {

    @TempDir
    Path dir;

    @Test
    void aClientThatConnectsTheMomentTheFileAppearsIsAnswered() throws Exception {
        BundleContext context = PropertiesOnlyContext.of(Map.of(NodeProperties.CONTROL_DIR, dir.toString(), NodeProperties.PROFILE, "test"));
        Path socket = dir.resolve("test-" + ProcessHandle.current().pid() + ".sock");
        for (int round = 0; round < 100; round++) {
            ControlEndpoint endpoint = new ControlEndpoint();
            endpoint.activate(context);
            try {
                while (!Files.exists(socket)) {
                    Thread.onSpinWait();
                }
                try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    c.connect(UnixDomainSocketAddress.of(socket));
                    c.write(ByteBuffer.wrap("nosuch\n".getBytes(StandardCharsets.UTF_8)));
                    String reply = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                            StandardCharsets.UTF_8)).readLine();
                    assertTrue(reply != null && reply.startsWith("error: unknown request 'nosuch'"), "round " + round + ": " + reply);
                }
                try (var files = Files.list(dir)) {
                    assertTrue(files.allMatch(socket::equals), "only the socket is left in " + dir);
                }
            } finally {
                endpoint.deactivate();
            }
        }
    }
}
