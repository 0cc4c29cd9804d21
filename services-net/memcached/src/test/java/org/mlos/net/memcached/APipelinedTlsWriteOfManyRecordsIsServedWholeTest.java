package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
 * A client's pipelined write over TLS spans many TLS records, more than one socket read takes.
 * Every record must be decrypted and served though no more bytes arrive: a server that reads
 * the socket only when it is readable again leaves the rest in its TLS buffer and the client
 * waits forever (memcached 1.6.18 {@code -Z} does, from about 300 quiet {@code ms} of 100 bytes
 * in one write; the bench's TLS fill writes in batches of 100 for it).
 */
@Timeout(60)
class APipelinedTlsWriteOfManyRecordsIsServedWholeTest {

    private static final int ITEMS = 3_000;

    @TempDir
    Path dir;

    @Test
    void quietSetsThenGetsInOneWriteEachAreAllAnswered() throws Exception {
        TestCertificates certs = TestCertificates.make(dir);
        TlsSettings tls = TlsSettings.of(certs.serverCert, certs.serverKey);
        VertxNetworkServer network = new VertxNetworkServer(2, 1024);
        try {
            MemcachedProtocol protocol = new MemcachedProtocol(new HeapStore(64L << 20), new StandardDialects(),
                    new Limits(Limits.DEFAULT_ITEM_MAX), "127.0.0.1", 0, 2, 2);
            Listener listener = network.listen("127.0.0.1", 0, tls, protocol);
            protocol.tls(TlsState.on(tls, 0, listener));
            try (SSLSocket s = (SSLSocket) certs.clientContext(null).getSocketFactory().createSocket("127.0.0.1",
                    listener.port())) {
                s.setSoTimeout(20_000);
                String value = "v".repeat(100);
                StringBuilder sets = new StringBuilder();
                StringBuilder gets = new StringBuilder();
                StringBuilder expected = new StringBuilder();
                for (int i = 0; i < ITEMS; i++) {
                    sets.append("ms key:").append(i).append(" 100 q\r\n").append(value).append("\r\n");
                    gets.append("mg key:").append(i).append(" v\r\n");
                    expected.append("VA 100\r\n").append(value).append("\r\n");
                }
                write(s, sets.append("mn\r\n").toString()); // ~350 KB: some 20 TLS records of 16 KB
                assertEquals("MN\r\n", read(s, 4), "every quiet set served, then the mn");
                write(s, gets.toString());
                assertEquals(expected.toString(), read(s, expected.length()), "every get answered, in order");
            }
        } finally {
            network.stop();
        }
    }

    private static void write(SSLSocket s, String text) throws Exception {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private static String read(SSLSocket s, int bytes) throws Exception {
        byte[] b = new byte[bytes];
        new DataInputStream(s.getInputStream()).readFully(b);
        return new String(b, StandardCharsets.US_ASCII);
    }
}
