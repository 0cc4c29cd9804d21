package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.TestCertificates;
import org.mlos.net.api.Listener;
import org.mlos.net.api.TlsFileRefused;
import org.mlos.net.api.TlsSettings;
import org.mlos.net.api.TlsSettings.ClientCerts;

/** memcached's {@code -Z}: TLS on every connection of a listener, client certificates, renewal. */
@Timeout(60)
class TlsListenerTest {

    private final VertxNetworkServer server = new VertxNetworkServer(2);
    private TestCertificates certs;

    @TempDir
    Path dir;

    @BeforeEach
    void certificates() throws Exception {
        certs = TestCertificates.make(dir);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void sessionsSeeThePlainBytesAndAPlainClientIsCountedAsAFailedHandshake() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, TlsSettings.of(certs.serverCert, certs.serverKey),
                new VertxNetworkServerTest.Echo());
        assertTrue(listener.tls());
        for (int i = 0; i < 4; i++) {
            try (SSLSocket s = connect(listener, certs.clientContext(null))) {
                assertEquals("hello " + i, roundTrip(s, "hello " + i));
                assertEquals("CN=localhost", s.getSession().getPeerPrincipal().getName());
            }
        }
        try (Socket plain = new Socket("127.0.0.1", listener.port())) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write("get k\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, plain.getInputStream().read(), "no plain reply: the server closes what is no TLS");
        }
        awaitHandshakeErrors(listener, 1);
    }

    @Test
    void requiredClientCertificatesMustBeSignedByTheCa() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, new TlsSettings(certs.serverCert, certs.serverKey, certs.ca,
                ClientCerts.REQUIRE, "TLSv1.2"), new VertxNetworkServerTest.Echo());
        try (SSLSocket s = connect(listener, certs.clientContext(certs.clientP12))) {
            assertEquals("signed", roundTrip(s, "signed"));
        }
        for (SSLContext refused : new SSLContext[] { certs.clientContext(null), certs.clientContext(certs.rogueP12) }) {
            assertThrows(IOException.class, () -> {
                try (SSLSocket s = connect(listener, refused)) {
                    roundTrip(s, "let me in"); // TLS 1.3 tells the client after its handshake, on the first read
                }
            });
        }
        awaitHandshakeErrors(listener, 2);
    }

    /** A port probe counted as a failed handshake: memcached counts neither it nor a client that hangs up mid-hello. */
    @Test
    void aClientThatHangsUpBeforeOrDuringItsHelloIsNoHandshakeError() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, TlsSettings.of(certs.serverCert, certs.serverKey),
                new VertxNetworkServerTest.Echo());
        for (int i = 0; i < 4; i++) {
            try (Socket probe = new Socket("127.0.0.1", listener.port())) {
                if (i % 2 == 1) { // the start of a ClientHello record, then nothing more
                    probe.getOutputStream().write(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x05, 'a', 'b' });
                }
            }
        }
        Thread.sleep(300); // the probes' ends reach the event loops; a plain client then is the one error
        try (Socket plain = new Socket("127.0.0.1", listener.port())) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write("get k\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, plain.getInputStream().read());
        }
        awaitHandshakeErrors(listener, 1);
        try (SSLSocket s = connect(listener, certs.clientContext(null))) {
            assertEquals("served", roundTrip(s, "served"));
        }
        assertEquals(1, listener.tlsHandshakeErrors());
    }

    /**
     * Vert.x handed a TLS connection over once its handshake was done: a client that never
     * finished one held a socket no connection limit counted. The protocol has it from its accept.
     */
    @Test
    void aConnectionIsTheProtocolsFromItsAcceptNotFromItsHandshake() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, TlsSettings.of(certs.serverCert, certs.serverKey),
                new VertxNetworkServerTest.Echo());
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                silent.add(new Socket("127.0.0.1", listener.port())); // connected, no ClientHello
            }
            for (int i = 0; i < 500 && listener.connections() < 3; i++) {
                Thread.sleep(10);
            }
            assertEquals(3, listener.connections(), "counted while they shake no hands");
            assertEquals(3, listener.accepted());
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
        for (int i = 0; i < 500 && listener.connections() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, listener.connections());
        assertEquals(0, listener.tlsHandshakeErrors(), "a client that hangs up is no handshake error");
    }

    /** memcached's OpenSSL answers a renegotiating client "no renegotiation"; the JDK took it. */
    @Test
    void aTls12ClientMayNotRenegotiate() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, TlsSettings.of(certs.serverCert, certs.serverKey),
                new VertxNetworkServerTest.Echo());
        try (SSLSocket s = connect(listener, certs.clientContext(null), "TLSv1.2")) {
            assertEquals("before", roundTrip(s, "before"));
            assertThrows(IOException.class, () -> {
                s.startHandshake(); // a renegotiation, on TLS 1.2
                roundTrip(s, "after");
            });
        }
    }

    /** memcached 1.6.18 answers a resuming client internal_error when it requires certificates; this listener serves it. */
    @Test
    void aClientResumingItsSessionIsServedWhereCertificatesAreRequired() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, new TlsSettings(certs.serverCert, certs.serverKey, certs.ca,
                ClientCerts.REQUIRE, "TLSv1.2"), new VertxNetworkServerTest.Echo());
        SSLContext one = certs.clientContext(certs.clientP12);
        for (int i = 0; i < 3; i++) {
            try (SSLSocket s = connect(listener, one)) {
                assertEquals("again " + i, roundTrip(s, "again " + i));
            }
        }
        assertEquals(0, listener.tlsHandshakeErrors());
    }

    @Test
    void requestedClientCertificatesMayBeLeftOut() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, new TlsSettings(certs.serverCert, certs.serverKey, certs.ca,
                ClientCerts.REQUEST, "TLSv1.2"), new VertxNetworkServerTest.Echo());
        try (SSLSocket s = connect(listener, certs.clientContext(null))) {
            assertEquals("anonymous", roundTrip(s, "anonymous"));
        }
        try (SSLSocket s = connect(listener, certs.clientContext(certs.clientP12))) {
            assertEquals("known", roundTrip(s, "known"));
        }
    }

    @Test
    void aClientBelowTheOldestVersionAcceptedIsRefused() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, new TlsSettings(certs.serverCert, certs.serverKey, null,
                ClientCerts.NONE, "TLSv1.3"), new VertxNetworkServerTest.Echo());
        assertThrows(SSLException.class, () -> {
            try (SSLSocket s = connect(listener, certs.clientContext(null), "TLSv1.2")) {
                roundTrip(s, "old");
            }
        });
        try (SSLSocket s = connect(listener, certs.clientContext(null), "TLSv1.3")) {
            assertEquals("new", roundTrip(s, "new"));
            assertEquals("TLSv1.3", s.getSession().getProtocol());
        }
    }

    @Test
    void aRenewedCertificateServesNewConnectionsAfterAReloadAndABrokenOneChangesNothing() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, TlsSettings.of(certs.serverCert, certs.serverKey),
                new VertxNetworkServerTest.Echo());
        certs.renewServer("renewed");
        try (SSLSocket s = connect(listener, certs.clientContext(null))) {
            roundTrip(s, "x");
            assertEquals("CN=localhost", s.getSession().getPeerPrincipal().getName(), "not read again before a reload");
        }
        listener.reloadTls();
        for (int i = 0; i < 6; i++) { // each event loop's server
            try (SSLSocket s = connect(listener, certs.clientContext(null))) {
                roundTrip(s, "x");
                assertEquals("CN=renewed", s.getSession().getPeerPrincipal().getName(), "connection " + i);
            }
        }
        Files.writeString(certs.serverKey, "not a key");
        TlsFileRefused broken = assertThrows(TlsFileRefused.class, listener::reloadTls);
        assertEquals(TlsFileRefused.Part.KEY, broken.part(), broken.getMessage());
        assertEquals(certs.serverKey, broken.file());
        try (SSLSocket s = connect(listener, certs.clientContext(null))) {
            assertEquals("still", roundTrip(s, "still"));
            assertEquals("CN=renewed", s.getSession().getPeerPrincipal().getName());
        }
    }

    /** Taken before, then every handshake failed; OpenSSL refuses it for memcached: "key values mismatch". */
    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAtListenAndAtReload() throws Exception {
        TlsFileRefused atListen = assertThrows(TlsFileRefused.class, () -> server.listen("127.0.0.1", 0,
                TlsSettings.of(certs.serverCert, certs.clientKey), new VertxNetworkServerTest.Echo()));
        assertEquals(TlsFileRefused.Part.KEY, atListen.part());
        assertEquals(certs.clientKey, atListen.file());
        assertTrue(atListen.reason().startsWith("key values mismatch"), atListen.reason());
        assertTrue(server.listeners().isEmpty());

        Listener listener = server.listen("127.0.0.1", 0, TlsSettings.of(certs.serverCert, certs.serverKey),
                new VertxNetworkServerTest.Echo());
        Files.copy(certs.clientKey, certs.serverKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TlsFileRefused atReload = assertThrows(TlsFileRefused.class, listener::reloadTls);
        assertTrue(atReload.reason().startsWith("key values mismatch"), atReload.reason());
        try (SSLSocket s = connect(listener, certs.clientContext(null))) {
            assertEquals("old key", roundTrip(s, "old key"), "the old certificate and key go on serving");
        }
    }

    @Test
    void anRsaKeyInEitherPemFormServesAndAnEcKeyForAnRsaCertificateIsRefused() throws Exception {
        Path ecKey = Files.copy(certs.serverKey, dir.resolve("ec.key"));
        certs.renewServerRsa("rsa");
        Path pkcs1 = certs.serverKeyAs("rsa-pkcs1.key", "-traditional");
        assertTrue(Files.readString(pkcs1).contains("BEGIN RSA PRIVATE KEY"), "the test's premise");
        for (Path key : new Path[] { certs.serverKey, pkcs1 }) {
            Listener listener = server.listen("127.0.0.1", 0, TlsSettings.of(certs.serverCert, key),
                    new VertxNetworkServerTest.Echo());
            try (SSLSocket s = connect(listener, certs.clientContext(null))) {
                assertEquals("rsa", roundTrip(s, "rsa"));
            }
            listener.close();
        }
        TlsFileRefused other = assertThrows(TlsFileRefused.class, () -> server.listen("127.0.0.1", 0,
                TlsSettings.of(certs.serverCert, ecKey), new VertxNetworkServerTest.Echo()));
        assertTrue(other.reason().startsWith("key values mismatch"), other.reason());
    }

    @Test
    void aChainFileThatHoldsTheKeyTooServesWithoutAKeyFile() throws Exception {
        Path both = dir.resolve("both.pem");
        Files.writeString(both, Files.readString(certs.serverCert) + Files.readString(certs.serverKey));
        Listener listener = server.listen("127.0.0.1", 0, new TlsSettings(both, null, null, ClientCerts.NONE, "TLSv1.2"),
                new VertxNetworkServerTest.Echo());
        try (SSLSocket s = connect(listener, certs.clientContext(null))) {
            assertEquals("one file", roundTrip(s, "one file"));
        }
        TlsFileRefused noKey = assertThrows(TlsFileRefused.class, () -> server.listen("127.0.0.1", 0,
                new TlsSettings(certs.serverCert, null, null, ClientCerts.NONE, "TLSv1.2"), new VertxNetworkServerTest.Echo()));
        assertEquals(TlsFileRefused.Part.KEY, noKey.part());
        assertEquals(certs.serverCert, noKey.file());
    }

    @Test
    void anEncryptedKeyAndCaCertificatesWithoutACertificateAreRefusedNamingTheirFile() throws Exception {
        Path encrypted = certs.serverKeyAs("enc.key", "-aes256", "-passout", "pass:secret");
        TlsFileRefused enc = assertThrows(TlsFileRefused.class, () -> server.listen("127.0.0.1", 0,
                TlsSettings.of(certs.serverCert, encrypted), new VertxNetworkServerTest.Echo()));
        assertEquals(encrypted, enc.file());
        assertTrue(enc.reason().contains("the key is encrypted"), enc.reason());

        TlsFileRefused ca = assertThrows(TlsFileRefused.class, () -> server.listen("127.0.0.1", 0, new TlsSettings(
                certs.serverCert, certs.serverKey, certs.serverKey, ClientCerts.REQUIRE, "TLSv1.2"),
                new VertxNetworkServerTest.Echo()));
        assertEquals(TlsFileRefused.Part.CA_CERTS, ca.part());
        assertEquals(certs.serverKey, ca.file());

        Path garbled = Files.writeString(dir.resolve("garbled.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        TlsFileRefused chain = assertThrows(TlsFileRefused.class, () -> server.listen("127.0.0.1", 0,
                TlsSettings.of(garbled, certs.serverKey), new VertxNetworkServerTest.Echo()));
        assertEquals(TlsFileRefused.Part.CERT_CHAIN, chain.part());
        assertTrue(chain.reason().startsWith("not a valid certificate"), chain.reason());
        assertTrue(server.listeners().isEmpty());
    }

    @Test
    void aMissingCertificateFailsTheListenSayingWhichFile() {
        Path missing = dir.resolve("no-such.pem");
        IOException e = assertThrows(IOException.class, () -> server.listen("127.0.0.1", 0,
                TlsSettings.of(missing, certs.serverKey), new VertxNetworkServerTest.Echo()));
        assertTrue(e.getMessage().contains("no-such.pem"), e.getMessage());
        assertTrue(server.listeners().isEmpty());
    }

    @Test
    void handshakesGoThroughBoringSslWhereNettyTcnativeLoads() {
        if (System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertEquals(io.netty.handler.ssl.SslProvider.OPENSSL, ServerTls.PROVIDER,
                    String.valueOf(io.netty.handler.ssl.OpenSsl.unavailabilityCause()));
        }
    }

    @Test
    void aPlainListenerHasNoTlsToReload() throws Exception {
        Listener plain = server.listen("127.0.0.1", 0, new VertxNetworkServerTest.Echo());
        assertTrue(!plain.tls());
        IOException e = assertThrows(IOException.class, plain::reloadTls);
        assertTrue(e.getMessage().contains("serves no TLS"), e.getMessage());
    }

    private static void awaitHandshakeErrors(Listener listener, long atLeast) throws InterruptedException {
        for (int i = 0; i < 500 && listener.tlsHandshakeErrors() < atLeast; i++) {
            Thread.sleep(10); // counted on the event loop, after the client saw the connection end
        }
        assertEquals(atLeast, listener.tlsHandshakeErrors());
    }

    private static SSLSocket connect(Listener listener, SSLContext context, String... protocols) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", listener.port());
        s.setSoTimeout(10_000);
        if (protocols.length > 0) {
            s.setEnabledProtocols(protocols);
        }
        s.startHandshake();
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(out);
        s.getOutputStream().flush();
        byte[] in = new byte[out.length];
        new DataInputStream(s.getInputStream()).readFully(in);
        return new String(in, StandardCharsets.US_ASCII);
    }
}
