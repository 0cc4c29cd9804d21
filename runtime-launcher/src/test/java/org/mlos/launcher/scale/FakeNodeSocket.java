package org.mlos.launcher.scale;

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

import org.mlos.launcher.ControlDir;
import org.mlos.launcher.ControlSocket;

/**
 * A node's control socket at its place ({@link ControlSocket#of}), answering each request line as
 * the test says; a null answer is none at all, the connection held open, as a stopped node's is.
 */
final class FakeNodeSocket implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Path socket;
    private final java.util.List<SocketChannel> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeNodeSocket(String profile, long pid, UnaryOperator<String> answer) throws IOException {
        ControlDir.prepare();
        socket = ControlSocket.of(profile, pid);
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel ch = server.accept();
                    String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                            StandardCharsets.UTF_8)).readLine();
                    String reply = answer.apply(line == null ? "" : line);
                    if (reply == null) {
                        held.add(ch);
                        continue;
                    }
                    try (ch) {
                        Writer out = Channels.newWriter(ch, StandardCharsets.UTF_8);
                        out.write(reply);
                        out.flush();
                    }
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "fake-control-socket-" + pid);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel ch : held) {
            ch.close();
        }
        Files.deleteIfExists(socket);
    }
}
