package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.net.api.Connection;
import org.mlos.net.api.Listener;
import org.mlos.net.api.Protocol;
import org.mlos.net.api.ProtocolSession;

@Timeout(60)
class VertxNetworkServerTest {

    /** Echoes every byte back, and remembers which threads served it. */
    static final class Echo implements Protocol {
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public String name() {
            return "echo";
        }

        @Override
        public ProtocolSession open(Connection connection) {
            return new ProtocolSession() {
                @Override
                public void received(ByteBuffer data) {
                    threads.add(Thread.currentThread().getName());
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    connection.write(b);
                    connection.flush();
                }

                @Override
                public void closed() {
                }
            };
        }
    }

    private final VertxNetworkServer server = new VertxNetworkServer(2);

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void portZeroGivesOnePortServedByEveryEventLoop() throws Exception {
        Echo echo = new Echo();
        Listener listener = server.listen("127.0.0.1", 0, echo);
        assertTrue(listener.port() > 0);
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket("127.0.0.1", listener.port());
                clients.add(s);
                assertEquals("hello " + i, roundTrip(s, "hello " + i));
            }
            assertEquals(2, echo.threads.size(), "connections dealt over both event loops: " + echo.threads);
            assertEquals(8, listener.accepted());
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    @Test
    void aBusyPortIsAnIOExceptionNamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            IOException e = assertThrows(IOException.class,
                    () -> server.listen("127.0.0.1", taken.getLocalPort(), new Echo()));
            assertTrue(e.getMessage().contains(String.valueOf(taken.getLocalPort())), e.getMessage());
            assertTrue(server.listeners().isEmpty());
        }
    }

    /**
     * An address no interface of this machine has (192.0.2.1 is set aside for documentation) was
     * told as a bare "BindException: Cannot assign requested address", neither address nor remedy.
     * No packet leaves the machine: the bind fails locally.
     */
    @Test
    void anAddressThisMachineLacksIsToldWithTheAddressAndWhatToDo() throws IOException {
        java.nio.file.Path nonlocal = java.nio.file.Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind");
        org.junit.jupiter.api.Assumptions.assumeFalse(java.nio.file.Files.exists(nonlocal)
                && java.nio.file.Files.readString(nonlocal).trim().equals("1"), "this host binds any address");
        for (int port : new int[] { 0, 11211 }) {
            IOException e = assertThrows(IOException.class, () -> server.listen("192.0.2.1", port, new Echo()));
            assertTrue(e.getMessage().startsWith("cannot listen on 192.0.2.1") && e.getMessage().contains("for echo")
                    && e.getMessage().contains("192.0.2.1 is no address of this machine")
                    && e.getMessage().contains("127.0.0.1, the default, or 0.0.0.0"), "port " + port + ": " + e.getMessage());
            assertTrue(server.listeners().isEmpty());
        }
    }

    @Test
    void closingAListenerClosesItsConnections() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, new Echo());
        try (Socket s = new Socket("127.0.0.1", listener.port())) {
            assertEquals("x", roundTrip(s, "x"));
            listener.close();
            s.setSoTimeout(10_000);
            assertEquals(-1, s.getInputStream().read(), "connection closed with its listener");
        }
        assertTrue(server.listeners().isEmpty());
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        OutputStream os = s.getOutputStream();
        os.write(out);
        os.flush();
        byte[] in = new byte[out.length];
        s.setSoTimeout(10_000);
        new DataInputStream(s.getInputStream()).readFully(in);
        return new String(in, StandardCharsets.UTF_8);
    }
}
