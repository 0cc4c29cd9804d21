package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * The handshake proved who opened a connection, but the frames after it carried no MAC: someone on
 * the path who could inject into the established TCP stream (or replay what it carried) had the
 * host run calls as the caller. Each frame now carries a MAC under a key of the connection and
 * direction, over its number in the stream: an injected or replayed frame closes the connection
 * unrun.
 */
@Timeout(60)
class FramesInjectedIntoAnOpenConnectionAreRefusedTest {

    private TransportFixture f;
    private Tap tap;
    private KeyValueStore remote;

    @BeforeEach
    void start() throws Exception {
        f = new TransportFixture(() -> new HeapStore(1 << 20), RemoteSettings.DEFAULTS.withRetries(0));
        tap = new Tap(f.peer.port());
        remote = f.client.bind(KeyValueStore.class, "heap", new Peer("host-1", "127.0.0.1", tap.port()));
    }

    @AfterEach
    void stop() throws Exception {
        tap.close();
        f.close();
    }

    @Test
    void aForgedCloseIsNotRun() throws Exception {
        remote.set("k", bytes("v"), 0, KeyValueStore.NEVER);
        // A CLOSE of the first hosted instances, as the frames look now, with a made-up MAC.
        for (int instance = 1; instance <= 3; instance++) {
            ByteBuffer b = ByteBuffer.allocate(4 + 1 + 8 + 4 + FrameSeal.TAG);
            b.putInt(b.capacity() - 4).put(Frames.CLOSE).putLong(1_000 + instance).putInt(instance);
            if (!tap.injectToHost(b.array())) {
                break; // the host refused the connection at an earlier forged frame
            }
        }
        awaitRefused();
        assertEquals(0, f.closed.get(), "no hosted instance closed by the forged frames");
        assertEquals(1, f.opened.get());
    }

    @Test
    void aReplayedSetIsNotRun() throws Exception {
        remote.set("k", bytes("first"), 0, KeyValueStore.NEVER);
        byte[] firstSet = tap.lastFrameToHost();
        remote.set("k", bytes("second"), 0, KeyValueStore.NEVER);
        tap.injectToHost(firstSet); // the very bytes the caller sent, again
        awaitRefused();
        assertArrayEquals(bytes("second"), f.stores.get(0).get("k").value(), "the replayed set was not run");
    }

    private void awaitRefused() throws InterruptedException {
        for (int i = 0; i < 1_000 && f.server.refusedConnections() == 0; i++) {
            Thread.sleep(10);
        }
        assertTrue(f.server.refusedConnections() >= 1, "the host refused the connection");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A forwarder on the path of one connection: it passes both directions on, keeps the frames the
     * caller sent after the handshake, and can put bytes of its own into the stream to the host
     * between two of the caller's frames.
     */
    private static final class Tap implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new ArrayList<>();
        private final ByteArrayOutputStream toHost = new ByteArrayOutputStream();
        private OutputStream hostOut;

        Tap(int hostPort) throws IOException {
            Thread t = new Thread(() -> {
                try {
                    Socket caller = server.accept();
                    Socket host = new Socket(InetAddress.getLoopbackAddress(), hostPort);
                    synchronized (this) {
                        sockets.add(caller);
                        sockets.add(host);
                        hostOut = host.getOutputStream();
                    }
                    pump(host.getInputStream(), caller.getOutputStream(), null);
                    pump(caller.getInputStream(), hostOut, toHost);
                } catch (IOException closed) {
                    // the test ended
                }
            }, "tap-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void pump(InputStream in, OutputStream out, ByteArrayOutputStream keep) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    for (int n; (n = in.read(buf)) >= 0;) {
                        synchronized (this) {
                            out.write(buf, 0, n);
                            out.flush();
                            if (keep != null) {
                                keep.write(buf, 0, n);
                            }
                        }
                    }
                } catch (IOException closed) {
                    // either side went away
                }
            }, "tap-pump");
            t.setDaemon(true);
            t.start();
        }

        /**
         * Writes {@code bytes} into the connection to the host; false if the host had closed it
         * already (a broken pipe or a reset: it refused an earlier injected frame, as it should).
         */
        synchronized boolean injectToHost(byte[] bytes) throws IOException {
            try {
                hostOut.write(bytes);
                hostOut.flush();
                return true;
            } catch (java.net.SocketException hostClosedIt) {
                return false;
            }
        }

        /** The last whole frame the caller sent, length prefix included. */
        synchronized byte[] lastFrameToHost() {
            byte[] all = toHost.toByteArray();
            int at = Handshake.HELLO_BYTES + Handshake.ANSWER_BYTES;
            int last = -1;
            while (at + 4 <= all.length) {
                int n = ByteBuffer.wrap(all, at, 4).getInt();
                if (at + 4 + n > all.length) {
                    break;
                }
                last = at;
                at += 4 + n;
            }
            int n = ByteBuffer.wrap(all, last, 4).getInt();
            return java.util.Arrays.copyOfRange(all, last, last + 4 + n);
        }

        @Override
        public synchronized void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
