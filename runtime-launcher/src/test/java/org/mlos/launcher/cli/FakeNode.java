package org.mlos.launcher.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A node's control socket as the command line finds it ({@code <run folder>/<profile>-<pid>.sock},
 * a live pid), answering each request line with what the test says: enough to see what the
 * command line makes of a node's replies without booting one.
 */
final class FakeNode implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Path socket;
    private final Thread thread;

    FakeNode(Path runDir, String profile, long pid, UnaryOperator<String> answer) throws IOException {
        Files.createDirectories(runDir);
        socket = runDir.resolve(profile + "-" + pid + ".sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(() -> serve(answer), "fake-node-" + profile);
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(UnaryOperator<String> answer) {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))
                        .readLine();
                Writer out = Channels.newWriter(ch, StandardCharsets.UTF_8);
                out.write(answer.apply(line == null ? "" : line));
                out.flush();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** What a node answers a request no bundle of its profile knows (ControlEndpoint.unknown), as text or JSON. */
    static String unknown(String line) {
        boolean json = line.startsWith("json ");
        String words = json ? line.substring(5) : line;
        String message = "unknown request '" + words + "'; known: kinds, history, swap <kind> <impl>, swaps, cluster, scale"
                + " (each also as 'json <request>')";
        return json ? "{\"error\":\"" + message + "\"}\n" : "error: " + message + "\n";
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
