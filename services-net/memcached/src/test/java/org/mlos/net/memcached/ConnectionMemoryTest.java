package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.net.memcached.server.StandardDialects;

/**
 * A connection's input costs the bytes its client has sent, never the size it declares: clients
 * that declare 1 MB values (text {@code set}, meta {@code ms}, binary SET) and trickle them hold a
 * few KB each, a value that does arrive whole
 * holds at most a quarter more than its bytes and is let go once stored, and a closed
 * connection holds nothing. Measured as buffer capacity and bytes allocated, not as RSS.
 */
@Timeout(120)
class ConnectionMemoryTest {

    private static final int MB = 1 << 20;

    private static MemcachedProtocol protocol() {
        return new MemcachedProtocol(new HeapStore(64L << 20), new StandardDialects(), new Limits(Limits.DEFAULT_ITEM_MAX),
                "127.0.0.1", 0, 2048, 1);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void declaredValuesAreNotAllocatedUpFront() {
        MemcachedProtocol protocol = protocol();
        List<MemcachedSession> sessions = new ArrayList<>();
        byte[] twoKb = new byte[2048];
        Arrays.fill(twoKb, (byte) 'x');
        for (int i = 0; i < 900; i++) {
            MemcachedSession s = (MemcachedSession) protocol.open(RecordingConnection.discarding());
            sessions.add(s);
            if (i % 3 == 0) {
                s.received(bytes("set k" + i + " 0 0 " + MB + "\r\n"));
            } else if (i % 3 == 1) {
                s.received(bytes("ms k" + i + " " + MB + " T0 c\r\n"));
            } else {
                byte[] header = BinaryClient.request(BinaryClient.SET, 0, 0, 0, new byte[8], "k" + i, new byte[0]);
                ByteBuffer.wrap(header).putInt(8, 8 + ("k" + i).length() + MB); // declares a 1 MB value
                s.received(ByteBuffer.wrap(header));
            }
            s.received(ByteBuffer.wrap(twoKb));
        }
        assertEquals(900, protocol.stats().currentConnections());
        for (MemcachedSession s : sessions) {
            assertTrue(s.inputCapacity() <= 8192, "a trickling client holds " + s.inputCapacity() + " bytes");
        }
        assertTrue(protocol.inputBytesHeld() <= 900L * 8192, "900 trickling clients hold " + protocol.inputBytesHeld());
        sessions.forEach(MemcachedSession::closed);
        assertEquals(0, protocol.inputBytesHeld());
        for (MemcachedSession s : sessions) {
            assertEquals(0, s.inputCapacity(), "a closed connection holds nothing");
        }
    }

    @Test
    void aValueThatArrivesHoldsItsBytesThenIsLetGo() {
        MemcachedProtocol protocol = protocol();
        MemcachedSession s = (MemcachedSession) protocol.open(RecordingConnection.discarding());
        s.received(bytes("set big 0 0 " + MB + "\r\n"));
        byte[] piece = new byte[1024];
        Arrays.fill(piece, (byte) 'v');
        long received = 0;
        while (received < MB) {
            s.received(ByteBuffer.wrap(piece));
            received += piece.length;
            assertTrue(s.inputCapacity() <= received + received / 4 + 64 * 1024 + 8192,
                    "after " + received + " bytes the buffer holds " + s.inputCapacity());
        }
        s.received(bytes("\r\nget b"));                                 // the next request's first bytes
        assertTrue(s.inputCapacity() <= 64 * 1024, "a stored value is let go: " + s.inputCapacity());
        assertTrue(s.inputAllocated() <= 6L * MB, "growing by quarters copies little: " + s.inputAllocated());
        byte[] value = new byte[MB];
        Arrays.fill(value, (byte) 'v');
        assertArrayEquals(value, protocol.operations().store.get("big").value());
    }

    @Test
    void trickledValuesOverTheNetworkAreHeldAsSentAndFreedOnClose() throws Exception {
        try (CacheServer server = new CacheServer()) {
            List<Socket> clients = new ArrayList<>();
            try {
                byte[] tenKb = new byte[10 * 1024];
                Arrays.fill(tenKb, (byte) 'x');
                for (int i = 0; i < 200; i++) {
                    Socket c = new Socket("127.0.0.1", server.port());
                    clients.add(c);
                    OutputStream out = c.getOutputStream();
                    out.write(("set t" + i + " 0 0 " + MB + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(tenKb);
                    out.flush();
                }
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (server.protocol.stats().currentConnections() < 200 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(200);
                long held = server.protocol.inputBytesHeld();
                assertTrue(held <= 200L * 32 * 1024, "200 clients that sent 10 KB of 1 MB values hold " + held + " bytes");
            } finally {
                for (Socket c : clients) {
                    c.close();
                }
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (server.protocol.stats().currentConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, server.protocol.stats().currentConnections());
            assertEquals(0, server.protocol.inputBytesHeld());
        }
    }
}
