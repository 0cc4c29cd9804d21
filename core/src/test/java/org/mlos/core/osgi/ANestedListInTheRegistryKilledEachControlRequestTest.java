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
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.NodeCommand;
import org.mlos.core.settings.NodeProperties;

/**
 * An outsider's audit: 20,000 nested lists put into the node registry overflowed the stack of
 * every reader of the registry, and the control endpoint caught only runtime exceptions:
 * "Exception in thread "mlos-control-request" java.lang.StackOverflowError", and {@code mlos nodes}
 * and {@code mlos swap --cluster} got no reply at all. A request that ends in an {@link Error}
 * is answered with an error now, and the endpoint goes on answering.
 */
@Timeout(60)
class ANestedListInTheRegistryKilledEachControlRequestTest {

    @TempDir
    Path dir;

    @Test
    void aCommandThatOverflowsItsStackIsAnsweredWithAnErrorAndTheNextRequestToo() throws Exception {
        ControlEndpoint endpoint = new ControlEndpoint();
        NodeCommand overflowing = args -> {
            throw new StackOverflowError();
        };
        NodeCommand outOfMemory = args -> {
            throw new OutOfMemoryError("Java heap space");
        };
        endpoint.addCommand(overflowing, Map.of(NodeCommand.NAME, "cluster"));
        endpoint.addCommand(outOfMemory, Map.of(NodeCommand.NAME, "big"));
        endpoint.addCommand(args -> "fine " + args, Map.of(NodeCommand.NAME, "echo"));
        endpoint.activate(PropertiesOnlyContext.of(Map.of(NodeProperties.CONTROL_DIR, dir.toString(), NodeProperties.PROFILE, "test")));
        try {
            Path socket = dir.resolve("test-" + ProcessHandle.current().pid() + ".sock");
            for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            for (int i = 0; i < ControlEndpoint.REQUEST_SLOTS + 2; i++) { // more than its slots: none is lost
                assertEquals("error: the request failed with StackOverflowError", request(socket, "cluster nodes"));
            }
            String json = request(socket, "json cluster nodes");
            assertTrue(json != null && json.contains("StackOverflowError"), "a JSON request gets a JSON error: " + json);
            assertEquals("error: the request failed with OutOfMemoryError: Java heap space", request(socket, "big"));
            assertEquals("fine " + List.of("x"), request(socket, "echo x"));
        } finally {
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
