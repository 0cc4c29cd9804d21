package org.mlos.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A running node's control socket, {@code <control dir>/<profile>-<pid>.sock}: one request line
 * per connection (e.g. {@code kinds}, {@code swap KeyValueStore slab}), the reply until the node
 * closes the connection.
 */
public final class ControlSocket {

    private ControlSocket() {
    }

    public static Path of(String profile, long pid) {
        return ControlDir.path().resolve(profile + "-" + pid + ".sock");
    }

    public static String request(Path socket, String line) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Writer out = Channels.newWriter(ch, StandardCharsets.UTF_8);
            out.write(line + "\n");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            StringBuilder reply = new StringBuilder();
            String l;
            while ((l = in.readLine()) != null) {
                reply.append(l).append('\n');
            }
            return reply.toString();
        }
    }
}
