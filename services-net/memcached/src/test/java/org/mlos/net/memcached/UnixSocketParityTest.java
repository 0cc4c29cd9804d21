package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.net.api.Listener;
import org.mlos.net.memcached.server.StandardDialects;
import org.mlos.net.vertx.VertxNetworkServer;

/**
 * memcached's {@code -s <socket> -a <mask>} side by side with a real memcached given the same:
 * the socket file's mode, the replies to the same requests, and what {@code stats settings} and
 * {@code stats conns} say of the socket.
 */
@Timeout(60)
class UnixSocketParityTest {

    private static final String REQUESTS = "set a 5 0 2\r\nhi\r\nget a\r\nappend a 0 0 1\r\n!\r\nget a b\r\n"
            + "incr a 1\r\nset n 0 0 2\r\n10\r\nincr n 5\r\ndecr n 20\r\ndelete a\r\nget a\r\ndelete a\r\n"
            + "ms m 2 T0 F3\r\nxy\r\nmg m v f\r\nmg gone v\r\nmn\r\nbogus\r\ntouch n 100\r\n";

    @TempDir
    Path dir;

    @Test
    void theSocketRepliesAndSettingsAreMemcacheds() throws Exception {
        Path theirs = dir.resolve("memcached.sock");
        Path ours = dir.resolve("mlos.sock");
        VertxNetworkServer network = new VertxNetworkServer(2, 1024);
        try (RealMemcached memcached = RealMemcached.startOnSocket(theirs, "0770")) {
            MemcachedProtocol protocol = new MemcachedProtocol(new HeapStore(64L << 20), new StandardDialects(),
                    new Limits(Limits.DEFAULT_ITEM_MAX), "127.0.0.1", 11211, 1024, 2);
            Listener listener = network.listen(ours, 0770, protocol);
            protocol.listeningOnSocket(listener.path().toString(), null);
            protocol.socketMask(0770);

            assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(theirs)),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(ours)), "the socket file's mode");
            assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(ours)));

            assertEquals(exchange(theirs, REQUESTS), exchange(ours, REQUESTS));

            List<String> settingsTheirs = socketSettings(exchange(theirs, "stats settings\r\n"), theirs);
            List<String> settingsOurs = socketSettings(exchange(ours, "stats settings\r\n"), ours);
            assertEquals(List.of("tcpport 11211", "inter NULL", "domain_socket SOCKET", "umask 770"), settingsTheirs,
                    "what memcached 1.6 says (the test's premise)");
            assertEquals(settingsTheirs, settingsOurs);

            List<String> connsTheirs = connections(exchange(theirs, "stats conns\r\n"), theirs);
            List<String> connsOurs = connections(exchange(ours, "stats conns\r\n"), ours);
            // Kept different: memcached cuts the listening socket's address at 31 characters
            // ("unix:/tmp/junit-1610559979138203"), where its clients' listen_addr has it whole; so do we, in both.
            assertEquals("addr unix:SOCKET", connsOurs.get(0));
            String cut = "addr unix:" + ours.getParent().resolve("memcached.sock");
            assertEquals(cut.substring(0, Math.min(cut.length(), "addr ".length() + 31)), connsTheirs.get(0),
                    "memcached's listening line, cut (the test's premise)");
            assertEquals(connsTheirs.subList(1, connsTheirs.size()), connsOurs.subList(1, connsOurs.size()));
        } finally {
            network.stop();
        }
        assertTrue(Files.notExists(ours), "our socket file goes with the server");
    }

    /** The lines of {@code stats settings} about where the server listens, in its order, the path written SOCKET. */
    private static List<String> socketSettings(String reply, Path socket) {
        List<String> out = new ArrayList<>();
        for (String line : reply.split("\r\n")) {
            String[] w = line.split(" ", 3);
            if (w.length == 3 && List.of("tcpport", "inter", "domain_socket", "umask").contains(w[1])) {
                out.add(w[1] + " " + w[2].replace(socket.toString(), "SOCKET"));
            }
        }
        return out;
    }

    /**
     * {@code stats conns} without what differs by nature (connection numbers: memcached's are
     * descriptors; seconds): each line's field and value, the path written SOCKET; only the
     * listening socket and the connection asking, since a connection closed just before may still
     * be listed by either server (its close is handled on another thread).
     */
    private static List<String> connections(String reply, Path socket) {
        java.util.Map<String, List<String>> byConnection = new java.util.LinkedHashMap<>();
        for (String line : reply.split("\r\n")) {
            String[] w = line.split(" ", 3);
            if (w.length == 3 && !w[1].endsWith(":secs_since_last_cmd")) {
                String id = w[1].substring(0, w[1].indexOf(':'));
                byConnection.computeIfAbsent(id, k -> new ArrayList<>())
                        .add(w[1].substring(w[1].indexOf(':') + 1) + " " + w[2].replace(socket.toString(), "SOCKET"));
            }
        }
        List<String> out = new ArrayList<>();
        for (List<String> lines : byConnection.values()) {
            if (lines.contains("state conn_listening") || lines.contains("state conn_parse_cmd")) {
                out.addAll(lines);
            }
        }
        return out;
    }

    /** memcached's -a without -s: no socket, but stats settings says the mask given. */
    @Test
    void aMaskWithoutASocketIsPrintedAsMemcachedPrintsIt() throws Exception {
        VertxNetworkServer network = new VertxNetworkServer(1, 1024);
        try (RealMemcached memcached = RealMemcached.start(List.of("-a", "0770"))) {
            MemcachedProtocol protocol = new MemcachedProtocol(new HeapStore(8L << 20), new StandardDialects(),
                    new Limits(Limits.DEFAULT_ITEM_MAX), "127.0.0.1", 0, 1024, 1);
            Listener listener = network.listen("127.0.0.1", 0, protocol);
            protocol.socketMask(0770);
            try (TextClient theirs = new TextClient(memcached.port()); TextClient ours = new TextClient(listener.port())) {
                List<String> expected = List.of("domain_socket NULL", "umask 770");
                assertEquals(expected, umask(StatsParityTest.exchange(theirs, "stats settings\r\n")), "memcached's");
                assertEquals(expected, umask(StatsParityTest.exchange(ours, "stats settings\r\n")));
            }
        } finally {
            network.stop();
        }
    }

    private static List<String> umask(String reply) {
        List<String> out = new ArrayList<>();
        for (String line : reply.split("\r\n")) {
            if (line.startsWith("STAT domain_socket ") || line.startsWith("STAT umask ")) {
                out.add(line.substring(5));
            }
        }
        return out;
    }

    /** Sends {@code requests} and a {@code version}; the replies before the version's. */
    private static String exchange(Path socket, String requests) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap((requests + "version\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            StringBuilder got = new StringBuilder();
            ByteBuffer in = ByteBuffer.allocate(64 << 10);
            while (true) {
                int at = got.lastIndexOf("VERSION ");
                if (at >= 0 && got.indexOf("\r\n", at) > 0) {
                    return got.substring(0, at);
                }
                in.clear();
                if (c.read(in) < 0) {
                    throw new IOException("closed after: " + got);
                }
                got.append(new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1));
            }
        }
    }
}
