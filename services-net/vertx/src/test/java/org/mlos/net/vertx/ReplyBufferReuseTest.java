package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.net.api.Connection;
import org.mlos.net.api.Listener;
import org.mlos.net.api.Protocol;
import org.mlos.net.api.ProtocolSession;

/**
 * A connection reuses one small direct buffer for its replies, filled again only once the socket
 * has taken what it held, reads into a buffer its event loop lends to each read in turn, and hands
 * received bytes over through a scratch array the loop shares with its other connections. Reusing
 * any of them too early would send one reply's bytes in another's place. Pinned with many
 * connections at once, pipelined requests whose replies are below and above the reused buffer's
 * size, and clients that stop reading for a while (so replies queue while more are written):
 * every reply arrives, in order, with its own bytes.
 */
@Timeout(120)
class ReplyBufferReuseTest {

    private static final int CLIENTS = 16;
    private static final int REQUESTS = 1_500;

    /** Answers each line {@code <seq> <size>} with that line and {@code size} bytes made from seq. */
    static final class Sized implements Protocol {
        @Override
        public String name() {
            return "sized";
        }

        @Override
        public ProtocolSession open(Connection connection) {
            return new ProtocolSession() {
                private final StringBuilder line = new StringBuilder();
                private final byte[] reply = new byte[16 << 10]; // reused: the connection must copy

                @Override
                public void received(ByteBuffer data) {
                    while (data.hasRemaining()) {
                        char c = (char) data.get();
                        if (c != '\n') {
                            line.append(c);
                            continue;
                        }
                        String[] w = line.toString().split(" ");
                        line.setLength(0);
                        long seq = Long.parseLong(w[0]);
                        int size = Integer.parseInt(w[1]);
                        byte[] head = (seq + " " + size + "\n").getBytes(StandardCharsets.US_ASCII);
                        System.arraycopy(head, 0, reply, 0, head.length);
                        fill(reply, head.length, size, seq);
                        connection.write(reply, 0, head.length + size);
                    }
                    connection.flush();
                }

                @Override
                public void closed() {
                }
            };
        }
    }

    static void fill(byte[] into, int offset, int size, long seq) {
        for (int i = 0; i < size; i++) {
            into[offset + i] = (byte) (seq * 31 + i);
        }
    }

    private final VertxNetworkServer server = new VertxNetworkServer(2);

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void everyReplyKeepsItsOwnBytesWhileBuffersAreReused() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, new Sized());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                results.add(pool.submit(() -> client(listener.port(), client)));
            }
            long replies = 0;
            for (Future<Long> f : results) {
                replies += f.get();
            }
            assertEquals((long) CLIENTS * REQUESTS, replies, "every request answered once");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends the requests in pipelined bursts, pausing before some reads, and checks every reply. */
    private static long client(int port, int client) throws IOException, InterruptedException {
        Random random = new Random(client);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            long answered = 0;
            int sent = 0;
            while (sent < REQUESTS) {
                int burst = Math.min(REQUESTS - sent, 1 + random.nextInt(40));
                int[] sizes = new int[burst];
                StringBuilder requests = new StringBuilder();
                for (int i = 0; i < burst; i++) {
                    // most below the reused buffer's 4 KB, some above, some far above
                    sizes[i] = random.nextInt(10) < 8 ? random.nextInt(300) : random.nextInt(12_000);
                    requests.append((long) client * REQUESTS + sent + i).append(' ').append(sizes[i]).append('\n');
                }
                out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (random.nextInt(8) == 0) {
                    Thread.sleep(random.nextInt(20)); // replies queue on the server meanwhile
                }
                for (int i = 0; i < burst; i++) {
                    long seq = (long) client * REQUESTS + sent + i;
                    String head = readLine(in);
                    assertEquals(seq + " " + sizes[i], head, "client " + client + ": reply in order");
                    byte[] body = new byte[sizes[i]];
                    in.readFully(body);
                    byte[] expected = new byte[sizes[i]];
                    fill(expected, 0, sizes[i], seq);
                    if (!java.util.Arrays.equals(expected, body)) {
                        throw new AssertionError("client " + client + ": reply " + seq + " carries other bytes");
                    }
                    answered++;
                }
                sent += burst;
            }
            return answered;
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed after " + b);
            }
            b.append((char) c);
        }
        return b.toString();
    }
}
