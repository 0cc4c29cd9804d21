package org.mlos.core.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.settings.NodeProperties;

/**
 * The control socket had no read deadline: four clients that connected and said nothing held its
 * four request slots for as long as they stayed, and every {@code mlos} command meanwhile was told
 * "busy, try again". A client now has a deadline for its request line.
 */
@Timeout(60)
class SilentControlClientsAreClosedAtTheirDeadlineTest {

    @TempDir
    Path dir;

    @Test
    void silentClientsLoseTheirSlotAtTheDeadlineAndTheNextRequestIsAnswered() throws Exception {
        ControlEndpoint endpoint = new ControlEndpoint();
        endpoint.requestLineMillis = 300;
        endpoint.activate(PropertiesOnlyContext.of(Map.of(NodeProperties.CONTROL_DIR, dir.toString(), NodeProperties.PROFILE, "test")));
        List<SocketChannel> silent = new ArrayList<>();
        try {
            Path socket = dir.resolve("test-" + ProcessHandle.current().pid() + ".sock");
            for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            for (int i = 0; i < ControlEndpoint.REQUEST_SLOTS; i++) {
                silent.add(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
            }
            for (SocketChannel c : silent) {
                assertEquals(-1, c.read(ByteBuffer.allocate(64)), "a silent client is closed at its deadline");
            }
            // The slots come free as each request thread ends, just after its client is closed.
            String reply = "";
            for (int i = 0; i < 100; i++) {
                reply = request(socket, "nosuch");
                if (!reply.contains("busy")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertTrue(reply.startsWith("error: unknown request 'nosuch'"), reply);
        } finally {
            for (SocketChannel c : silent) {
                c.close();
            }
            endpoint.deactivate();
        }
    }

    private static String request(Path socket, String line) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8)).readLine();
        }
    }
}
