package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.TestCertificates;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.net.api.Listener;
import org.mlos.net.api.TlsSettings;
import org.mlos.net.memcached.server.StandardDialects;
import org.mlos.net.vertx.VertxNetworkServer;

/**
 * memcached's {@code -c} counts a connection from its accept, TLS or not. The node's TLS
 * connections were counted once their handshake was done: clients that connected and never shook
 * hands held sockets past the limit.
 */
@Timeout(60)
class TlsHandshakesCountAgainstTheConnectionLimitTest {

    @TempDir
    Path dir;

    @Test
    void connectionsStillShakingHandsTakeTheLimitsPlaces() throws Exception {
        TestCertificates certs = TestCertificates.make(dir);
        TlsSettings tls = TlsSettings.of(certs.serverCert, certs.serverKey);
        VertxNetworkServer network = new VertxNetworkServer(2, 1024);
        List<Socket> silent = new ArrayList<>();
        try {
            MemcachedProtocol protocol = new MemcachedProtocol(new HeapStore(16L << 20), new StandardDialects(),
                    new Limits(Limits.DEFAULT_ITEM_MAX), "127.0.0.1", 0, 2, 2);
            Listener listener = network.listen("127.0.0.1", 0, tls, protocol);
            protocol.tls(TlsState.on(tls, 0, listener));
            for (int i = 0; i < 2; i++) {
                silent.add(new Socket("127.0.0.1", listener.port())); // no ClientHello, ever
            }
            for (int i = 0; i < 500 && listener.connections() < 2; i++) {
                Thread.sleep(10);
            }
            assertEquals(2, listener.connections());
            // over -c 2: memcached's line, sent once the handshake is done, then the close (or the close alone)
            String third = version(listener, certs);
            assertTrue(third.equals("ERROR Too many open connections\r\n") || third.equals("refused"), third);
            silent.remove(0).close();
            for (int i = 0; i < 500 && listener.connections() > 1; i++) {
                Thread.sleep(10);
            }
            assertEquals("VERSION " + MemcachedProtocol.VERSION + "\r\n", version(listener, certs), "a place again");
        } finally {
            for (Socket s : silent) {
                s.close();
            }
            network.stop();
        }
    }

    /** A TLS client's {@code version}: the reply, or "refused" when the server closed the connection. */
    private static String version(Listener listener, TestCertificates certs) throws Exception {
        try (SSLSocket s = (SSLSocket) certs.clientContext(null).getSocketFactory().createSocket("127.0.0.1",
                listener.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            while (!got.toString().endsWith("\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return "refused";
                }
                got.append((char) b);
            }
            return got.toString();
        } catch (IOException closedInItsHandshake) {
            return "refused";
        }
    }
}
