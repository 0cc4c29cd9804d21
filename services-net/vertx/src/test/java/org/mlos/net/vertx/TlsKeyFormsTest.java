package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.TestCertificates;
import org.mlos.net.api.TlsSettings;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Vertx;

/**
 * A server certificate with each kind of key memcached's OpenSSL serves with, in each PEM form
 * OpenSSL writes, serves handshakes on both of the node's TLS engines (the JDK's and BoringSSL),
 * TLS 1.3 and 1.2, many handshakes on one context: BoringSSL's key material is converted once per context now,
 * not per handshake, and must serve them all. Ed25519 was refused before (Vert.x reads RSA and EC
 * keys only).
 */
@Timeout(120)
class TlsKeyFormsTest {

    @TempDir
    Path dir;
    private TestCertificates certs;
    private final Vertx vertx = Vertx.vertx();

    @BeforeEach
    void certificates() throws Exception {
        certs = TestCertificates.make(dir);
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void everyKeyFormServesOnBothEngines() throws Exception {
        Path sec1 = certs.openssl("sec1.key", "ecparam", "-name", "prime256v1", "-genkey", "-out", "sec1.key");
        Path rsa1 = certs.openssl("rsa1.key", "genrsa", "-traditional", "-out", "rsa1.key", "2048");
        Path ed = certs.openssl("ed.key", "genpkey", "-algorithm", "ed25519", "-out", "ed.key");
        List<SslProvider> engines = new ArrayList<>(List.of(SslProvider.JDK));
        if (OpenSsl.isAvailable()) {
            engines.add(SslProvider.OPENSSL);
        }
        for (Path key : new Path[] { sec1, rsa1, ed, certs.serverKey }) {
            String name = key.getFileName().toString().replace(".key", "");
            Path cert = signed(key, name);
            for (SslProvider engine : engines) {
                SslContext context = ServerTls.context(vertx, TlsSettings.of(cert, key), engine);
                for (int i = 0; i < 20; i++) {
                    SSLEngine client = certs.clientContext(null).createSSLEngine("localhost", 0);
                    client.setUseClientMode(true);
                    String protocol = i % 2 == 0 ? "TLSv1.3" : "TLSv1.2";
                    client.setEnabledProtocols(new String[] { protocol });
                    try {
                        handshake(client, context.newEngine(ByteBufAllocator.DEFAULT));
                    } catch (javax.net.ssl.SSLException e) {
                        throw new AssertionError(engine + " " + protocol + " with the " + name + " key: " + e, e);
                    }
                    assertEquals("CN=" + name, client.getSession().getPeerPrincipal().getName(), engine + " " + name);
                    assertEquals(protocol, client.getSession().getProtocol());
                }
            }
        }
    }

    private Path signed(Path key, String name) throws Exception {
        certs.openssl(name + ".csr", "req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", name + ".csr");
        return certs.openssl(name + ".pem", "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-out", name + ".pem");
    }

    /** Both engines' records handed across in memory until neither has a handshake step left. */
    private static void handshake(SSLEngine client, SSLEngine server) throws Exception {
        ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        ByteBuffer plain = ByteBuffer.allocate(1 << 17);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < 200; step++) {
            if (done(client) && done(server)) {
                return;
            }
            client.wrap(empty, toServer);
            toServer.flip();
            server.unwrap(toServer, plain.clear());
            toServer.compact();
            run(server);
            server.wrap(empty, toClient);
            toClient.flip();
            client.unwrap(toClient, plain.clear());
            toClient.compact();
            run(client);
        }
        assertTrue(done(client) && done(server), "the handshake ended: client " + client.getHandshakeStatus()
                + ", server " + server.getHandshakeStatus());
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus s = engine.getHandshakeStatus();
        return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
    }

    private static void run(SSLEngine engine) {
        for (Runnable task; (task = engine.getDelegatedTask()) != null;) {
            task.run();
        }
    }
}
