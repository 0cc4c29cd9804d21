package org.mlos.net.memcached.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.TestCertificates;
import org.mlos.net.vertx.VertxNetworkServer;

/**
 * The server's TLS settings (memcached's {@code -Z} and {@code -o ssl_*}, which {@code mlos run
 * cache} maps onto them): the port serves TLS only, with client certificates as asked, and
 * settings that cannot serve are refused at activation saying what to set.
 */
@Timeout(60)
class TlsFromTheSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theServerSpeaksTlsWithTheCertificateAndAsksForClientCertificates() throws Exception {
        TestCertificates certs = TestCertificates.make(dir);
        VertxNetworkServer network = new VertxNetworkServer(1);
        MemcachedServer server = ServerHarness.activated(Map.of(MemcachedProperties.TLS, "true",
                MemcachedProperties.TLS_CERT, certs.serverCert.toString(), MemcachedProperties.TLS_KEY,
                certs.serverKey.toString(), MemcachedProperties.TLS_CA, certs.ca.toString(), MemcachedProperties.TLS_VERIFY, "2",
                MemcachedProperties.TLS_MIN_VERSION, "3", // memcached's number for TLS 1.3
                MemcachedProperties.TLS_CIPHERS, "ECDHE-ECDSA-AES256-GCM-SHA384"), network);
        try {
            assertTrue(network.listeners().get(0).tls());
            int port = ServerHarness.port(network);
            try (SSLSocket s = (SSLSocket) certs.clientContext(certs.clientP12).getSocketFactory().createSocket("127.0.0.1",
                    port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("set k 0 0 2\r\nok\r\nget k\r\nstats settings\r\n".getBytes(StandardCharsets.US_ASCII));
                String reply = read(s.getInputStream(), "STAT ssl_min_version tlsv1.3\r\nEND\r\n");
                assertTrue(reply.startsWith("STORED\r\nVALUE k 0 2\r\nok\r\nEND\r\n"), reply);
                assertTrue(reply.contains("STAT ssl_enabled yes\r\nSTAT ssl_chain_cert " + certs.serverCert + "\r\n"), reply);
                assertTrue(reply.contains("STAT ssl_verify_mode 3\r\n"), reply);
                assertTrue(reply.contains("STAT ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384\r\n"), reply);
                assertEquals("TLSv1.3", s.getSession().getProtocol());
            }
            try (SSLSocket anonymous = (SSLSocket) certs.clientContext(null).getSocketFactory().createSocket("127.0.0.1",
                    port)) {
                anonymous.setSoTimeout(10_000);
                // refused: TLS 1.3 tells the client on its first read, by an alert or by the end of the stream
                int first;
                try {
                    anonymous.getOutputStream().write("get k\r\n".getBytes(StandardCharsets.US_ASCII));
                    first = anonymous.getInputStream().read();
                } catch (java.io.IOException refused) {
                    first = -1;
                }
                assertEquals(-1, first, "no reply without a client certificate");
            }
        } finally {
            server.deactivate();
            network.stop();
        }
    }

    /** memcached prints the ssl_* options given without -Z; the node printed (null) and NULL for them. */
    @Test
    void withoutTlsTheGivenSslSettingsArePrinted() throws Exception {
        VertxNetworkServer network = new VertxNetworkServer(1);
        MemcachedServer server = ServerHarness.activated(Map.of(MemcachedProperties.TLS_CERT, "/some/cert.pem",
                MemcachedProperties.TLS_KEY, "/some/key.pem", MemcachedProperties.TLS_VERIFY, "1",
                MemcachedProperties.TLS_MIN_VERSION, "3", MemcachedProperties.TLS_CIPHERS, "HIGH"), network);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", ServerHarness.port(network))) {
            assertTrue(!network.listeners().get(0).tls());
            Map<String, String> settings = ServerHarness.stats(s, "stats settings");
            assertEquals("no", settings.get("ssl_enabled"));
            assertEquals("/some/cert.pem", settings.get("ssl_chain_cert"));
            assertEquals("/some/key.pem", settings.get("ssl_key"));
            assertEquals("1", settings.get("ssl_verify_mode"));
            assertEquals("HIGH", settings.get("ssl_ciphers"));
            assertEquals("NULL", settings.get("ssl_ca_cert"));
            assertEquals("tlsv1.3", settings.get("ssl_min_version"));
        } finally {
            server.deactivate();
            network.stop();
        }
    }

    @Test
    void settingsThatCannotServeAreRefusedSayingWhatToSet() {
        VertxNetworkServer network = new VertxNetworkServer(1);
        try {
            IllegalArgumentException noCert = assertThrows(IllegalArgumentException.class,
                    () -> ServerHarness.activated(Map.of(MemcachedProperties.TLS, "true"), network));
            assertTrue(noCert.getMessage().contains("set mlos.memcached.tls.cert"), noCert.getMessage());
            IllegalArgumentException noCa = assertThrows(IllegalArgumentException.class,
                    () -> ServerHarness.activated(Map.of(MemcachedProperties.TLS, "true", MemcachedProperties.TLS_CERT,
                            "/some/cert.pem", MemcachedProperties.TLS_VERIFY, "2"), network));
            assertTrue(noCa.getMessage().contains("ssl_ca_cert"), noCa.getMessage());
            IllegalArgumentException tls11 = assertThrows(IllegalArgumentException.class,
                    () -> ServerHarness.activated(Map.of(MemcachedProperties.TLS, "true", MemcachedProperties.TLS_CERT,
                            "/some/cert.pem", MemcachedProperties.TLS_MIN_VERSION, "1"), network));
            assertTrue(tls11.getMessage().contains("one of 2, 3, tlsv1.2, tlsv1.3"), tls11.getMessage());
            IllegalArgumentException socket = assertThrows(IllegalArgumentException.class,
                    () -> ServerHarness.activated(Map.of(MemcachedProperties.TLS, "true", MemcachedProperties.TLS_CERT,
                            "/some/cert.pem", MemcachedProperties.SOCKET, dir.resolve("m.sock").toString()), network));
            assertTrue(socket.getMessage().contains("turn one of them off"), socket.getMessage());
            assertTrue(network.listeners().isEmpty());
        } finally {
            network.stop();
        }
    }

    private static String read(InputStream in, String last) throws java.io.IOException {
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[8192];
        while (!got.toString().endsWith(last)) {
            int n = in.read(buf);
            if (n < 0) {
                throw new java.io.IOException("closed after: " + got);
            }
            got.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
        }
        return got.toString();
    }
}
