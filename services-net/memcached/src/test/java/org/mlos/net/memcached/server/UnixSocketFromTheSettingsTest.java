package org.mlos.net.memcached.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.net.api.Listener;
import org.mlos.net.vertx.VertxNetworkServer;

/**
 * The server's {@code socket} and {@code socket.mask} settings (memcached's {@code -s} and
 * {@code -a}, which {@code mlos run cache} maps onto them): the server listens on the unix socket
 * with that mode instead of a port, as memcached does, and says so in {@code stats settings}.
 */
@Timeout(60)
class UnixSocketFromTheSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theServerListensOnTheSocketWithItsModeAndOnNoPort() throws Exception {
        Path socket = dir.resolve("memcached.sock");
        VertxNetworkServer network = new VertxNetworkServer(2);
        MemcachedServer server = ServerHarness.activated(Map.of(MemcachedProperties.SOCKET, socket.toString(),
                MemcachedProperties.SOCKET_MASK, "770", MemcachedProperties.PORT, "11211"), network);
        try {
            List<Listener> listeners = network.listeners();
            assertEquals(1, listeners.size(), "the socket alone, no port");
            assertEquals(socket, listeners.get(0).path());
            assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEquals("STORED\r\nVALUE k 3 2\r\nhi\r\nEND\r\n", exchange(socket, "set k 3 0 2\r\nhi\r\nget k\r\n",
                    "END\r\n"));
            String settings = exchange(socket, "stats settings\r\n", "END\r\n");
            assertTrue(settings.contains("STAT tcpport 11211\r\nSTAT udpport 0\r\nSTAT inter NULL\r\n"), settings);
            assertTrue(settings.contains("STAT domain_socket " + socket + "\r\nSTAT umask 770\r\n"), settings);
        } finally {
            server.deactivate();
            network.stop();
        }
        assertTrue(Files.notExists(socket), "the socket file is removed when the server stops");
    }

    @Test
    void withoutAMaskOnlyTheNodesUserMayConnectAsWithMemcached() throws Exception {
        Path socket = dir.resolve("default.sock");
        VertxNetworkServer network = new VertxNetworkServer(1);
        MemcachedServer server = ServerHarness.activated(Map.of(MemcachedProperties.SOCKET, socket.toString()), network);
        try {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertTrue(exchange(socket, "stats settings\r\n", "END\r\n").contains("STAT umask 700\r\n"));
        } finally {
            server.deactivate();
            network.stop();
        }
    }

    @Test
    void withoutASocketThePortIsServedAndUmaskIsMemcachedsDefault() throws Exception {
        VertxNetworkServer network = new VertxNetworkServer(1);
        MemcachedServer server = ServerHarness.activated(Map.of(), network);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", ServerHarness.port(network))) {
            assertNull(network.listeners().get(0).path());
            Map<String, String> settings = ServerHarness.stats(s, "stats settings");
            assertEquals("NULL", settings.get("domain_socket"));
            assertEquals("700", settings.get("umask"));
            assertEquals("127.0.0.1", settings.get("inter"));
        } finally {
            server.deactivate();
            network.stop();
        }
    }

    /** A reviewer's finding: memcached prints -a as umask without -s too, and -l beside -s as inter. */
    @Test
    void theMaskAloneAndAnAddressBesideTheSocketArePrintedAsMemcachedPrintsThem() throws Exception {
        VertxNetworkServer tcp = new VertxNetworkServer(1);
        MemcachedServer maskOnly = ServerHarness.activated(Map.of(MemcachedProperties.SOCKET_MASK, "770"), tcp);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", ServerHarness.port(tcp))) {
            Map<String, String> settings = ServerHarness.stats(s, "stats settings");
            assertEquals("770", settings.get("umask"));
            assertEquals("NULL", settings.get("domain_socket"));
        } finally {
            maskOnly.deactivate();
            tcp.stop();
        }
        Path socket = dir.resolve("with-l.sock");
        VertxNetworkServer unix = new VertxNetworkServer(1);
        MemcachedServer withL = ServerHarness.activated(Map.of(MemcachedProperties.SOCKET, socket.toString(),
                MemcachedProperties.HOST, "127.0.0.2"), unix);
        try {
            assertTrue(exchange(socket, "stats settings\r\n", "END\r\n").contains("STAT inter 127.0.0.2\r\n"));
        } finally {
            withL.deactivate();
            unix.stop();
        }
    }

    @Test
    void aMaskThatIsNoOctalPermissionIsRefusedSayingWhatItTakes() {
        for (String bad : List.of("800", "1777", "rw", "-1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemcachedServer.socketMask(bad));
            assertTrue(e.getMessage().contains("in octal, 0 to 777") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
        assertEquals(0700, MemcachedServer.socketMask("700"));
        assertEquals(0770, MemcachedServer.socketMask("0770"));
        assertEquals(0, MemcachedServer.socketMask("0"));
    }

    private static String exchange(Path socket, String requests, String last) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap(requests.getBytes(StandardCharsets.US_ASCII)));
            StringBuilder got = new StringBuilder();
            ByteBuffer in = ByteBuffer.allocate(16 << 10);
            while (!got.toString().endsWith(last)) {
                in.clear();
                if (c.read(in) < 0) {
                    throw new IOException("closed after: " + got);
                }
                got.append(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
            }
            return got.toString();
        }
    }
}
