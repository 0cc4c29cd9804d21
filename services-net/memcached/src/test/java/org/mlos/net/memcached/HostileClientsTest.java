package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clients that misbehave cost their own connection at most: the server and everyone else go on. */
@Timeout(120)
class HostileClientsTest {

    private CacheServer server;

    @BeforeEach
    void start() throws Exception {
        server = new CacheServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void serverStillAnswers() throws Exception {
        try (TextClient c = new TextClient(server.port())) {
            assertTrue(c.call("version").startsWith("VERSION "));
        }
    }

    private void awaitNoConnections() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.protocol.stats().currConnections.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, server.protocol.stats().currConnections.get(), "every closed connection was cleaned up");
    }

    @Test
    void randomBytesNeverTakeTheServerDown() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                byte[] junk = new byte[1 + random.nextInt(20_000)];
                random.nextBytes(junk);
                s.getOutputStream().write(junk);
                s.getOutputStream().flush();
            } catch (java.io.IOException closedOnUs) {
                // the server may close a connection that sent garbage: fine
            }
        }
        serverStillAnswers();
        awaitNoConnections();
    }

    @Test
    void aClientStallingMidValueBlocksNobodyAndClosingThenCleansUp() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket s = new Socket("127.0.0.1", server.port());
            s.getOutputStream().write(("set stalled" + i + " 0 0 100000\r\n" + "x".repeat(1000)).getBytes());
            s.getOutputStream().flush();
            stalled.add(s);
        }
        serverStillAnswers();
        for (Socket s : stalled) {
            s.close(); // mid-value
        }
        awaitNoConnections();
        try (TextClient c = new TextClient(server.port())) {
            assertEquals(List.of(), c.send("get stalled0\r\n").untilEnd(), "half-sent values are not stored");
        }
    }

    @Test
    void aClientThatNeverReadsItsRepliesGetsBoundedMemory() throws Exception {
        byte[] value = new byte[100_000];
        try (TextClient c = new TextClient(server.port())) {
            c.send(("set big 0 0 " + value.length + "\r\n").getBytes()).send(value).send("\r\n".getBytes());
            assertEquals("STORED", c.line());
        }
        long before = server.protocol.stats().cmdGet.sum();
        try (Socket greedy = new Socket("127.0.0.1", server.port())) {
            greedy.setReceiveBufferSize(64 << 10);
            OutputStream out = greedy.getOutputStream();
            byte[] gets = "get big\r\n".repeat(1000).getBytes();
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) { // 100k gets: 10 GB of replies, never read
                        out.write(gets);
                    }
                } catch (java.io.IOException stopped) {
                    // the socket closed under the writer
                }
            });
            Thread.sleep(2_000);
            long answered = server.protocol.stats().cmdGet.sum() - before;
            // Each reply is 100 KB. The kernel's socket buffers take ~40 of them; answering a whole
            // read's worth of requests (~230 of the first 2 KB read) would mean the server buffers them.
            assertTrue(answered < 120, "the server stopped answering gets nobody reads, after " + answered);
            serverStillAnswers();
            greedy.close();
            writer.join(10_000);
        }
        awaitNoConnections();
    }

    @Test
    void aHugeMultiGetIsAnsweredInBatches() throws Exception {
        byte[] value = new byte[500_000];
        try (TextClient c = new TextClient(server.port())) {
            c.send(("set v 0 0 " + value.length + "\r\n").getBytes()).send(value).send("\r\n".getBytes());
            assertEquals("STORED", c.line());
        }
        String get = "get" + " v".repeat(40) + "\r\n"; // 20 MB of replies to one command
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(get.getBytes());
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
            int values = 0;
            for (String line = readLine(in); !line.equals("END"); line = readLine(in)) {
                assertEquals("VALUE v 0 500000", line);
                in.readFully(new byte[value.length + 2]);
                values++;
            }
            assertEquals(40, values);
        }
    }

    @Test
    void badBinaryHeadersGetErrorsOrAClose() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write(header(0x55, 0, 0, 0)); // unknown opcode
            assertEquals(0x81, status(in), "unknown command");
            out.write(header(0x01, 0, 8, 8 + 2_000_000)); // set, value over the item limit
            out.write(new byte[8 + 2_000_000]);
            assertEquals(0x03, status(in), "too large, and the body was skipped");
            out.write(header(0x0b, 0, 0, 0)); // version
            assertEquals(0x00, status(in), "still in step");
            out.write(new byte[24]); // magic 0: not a request
            assertEquals(-1, in.read(), "an unparseable stream is closed");
        }
        serverStillAnswers();
    }

    private static byte[] header(int opcode, int keyLength, int extras, int body) {
        return ByteBuffer.allocate(24).put((byte) 0x80).put((byte) opcode).putShort((short) keyLength)
                .put((byte) extras).put((byte) 0).putShort((short) 0).putInt(body).putInt(7).putLong(0).array();
    }

    /** Reads one response, returning its status and skipping its body. */
    private static int status(DataInputStream in) throws java.io.IOException {
        byte[] h = new byte[24];
        in.readFully(h);
        ByteBuffer b = ByteBuffer.wrap(h);
        assertEquals((byte) 0x81, b.get(0));
        in.readFully(new byte[b.getInt(8)]);
        return b.getShort(6) & 0xffff;
    }

    private static String readLine(DataInputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new java.io.EOFException("closed after: " + sb);
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
