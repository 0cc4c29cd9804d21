package org.mlos.itests.karaf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The kernel's control socket inside Karaf ({@code mlos.control.dir}, {@code mlos.profile=karaf}):
 * the same requests {@code mlos kinds | swap | nodes --json} send, answered in JSON. It needs no
 * Karaf shell, so it works where that does not (Karaf on JDK 25).
 */
final class ControlSocket {

    private final Path socket;

    private ControlSocket(Path socket) {
        this.socket = socket;
    }

    /** Waits, one-second polls, for {@code karaf-<pid>.sock} in {@code dir}: there once core is active. */
    static ControlSocket await(Path dir, Karaf karaf, int polls) throws InterruptedException, IOException {
        for (int i = 0; i < polls; i++) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    Optional<Path> found = s.filter(p -> p.getFileName().toString().startsWith("karaf-")).findFirst();
                    if (found.isPresent()) {
                        return new ControlSocket(found.get());
                    }
                }
            }
            if (!karaf.alive()) {
                throw new AssertionError("Karaf ended before its control socket appeared" + karaf.tail());
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no control socket in " + dir + " after " + polls + " s" + karaf.tail());
    }

    /** The reply to {@code json <request>}; an {@code error} reply fails the test. */
    JsonNode json(String request) throws IOException {
        JsonNode node = jsonAllowingError(request);
        if (node.has("error")) {
            throw new AssertionError("'" + request + "' answered " + node);
        }
        return node;
    }

    /** The reply to {@code json <request>}, an {@code {"error":…}} one included. */
    JsonNode jsonAllowingError(String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Writer out = Channels.newWriter(ch, StandardCharsets.UTF_8);
            out.write("json " + request + "\n");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            StringBuilder reply = new StringBuilder();
            for (String l; (l = in.readLine()) != null; ) {
                reply.append(l).append('\n');
            }
            return new ObjectMapper().readTree(reply.toString());
        }
    }

    /** One kind of a {@code kinds} reply, by simple name. */
    static JsonNode kind(JsonNode kinds, String simpleName) {
        for (JsonNode k : kinds.get("kinds")) {
            if (k.get("simpleName").asText().equals(simpleName)) {
                return k;
            }
        }
        throw new AssertionError("no kind " + simpleName + " in " + kinds);
    }

    /** The implementation serving a kind now. */
    String active(String simpleName) throws IOException {
        return kind(json("kinds"), simpleName).get("active").asText();
    }
}
