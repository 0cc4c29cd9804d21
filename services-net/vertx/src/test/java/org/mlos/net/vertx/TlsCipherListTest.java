package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.TestCertificates;
import org.mlos.net.api.Listener;
import org.mlos.net.api.TlsSettings;
import org.mlos.net.api.TlsSettings.ClientCerts;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Vertx;

/**
 * memcached's {@code ssl_ciphers}: was refused at launch ("the node offers its TLS library's
 * defaults"); now the list limits what TLS 1.2 negotiates, on BoringSSL with OpenSSL's rules, on
 * the JDK's engine by suite names, and TLS 1.3 keeps its suites.
 */
@Timeout(60)
class TlsCipherListTest {

    private static final String AES128 = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    private static final String AES256 = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
    private static final String CHACHA = "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";

    private final VertxNetworkServer server = new VertxNetworkServer(2);
    private final Vertx vertx = Vertx.vertx();
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
        vertx.close().await();
    }

    @Test
    void tls12NegotiatesOnlyTheListsSuitesBeforeAndAfterAReloadAndTls13KeepsItsOwn() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, tls("ECDHE-ECDSA-AES256-GCM-SHA384"), new VertxNetworkServerTest.Echo());
        for (int round = 0; round < 2; round++) {
            try (SSLSocket s = connect(listener, "TLSv1.2", AES128, AES256)) {
                assertEquals(AES256, s.getSession().getCipherSuite());
            }
            assertThrows(SSLException.class, () -> connect(listener, "TLSv1.2", AES128, CHACHA).close());
            try (SSLSocket s = connect(listener, "TLSv1.3")) {
                assertTrue(TlsCiphers.TLS13.contains(s.getSession().getCipherSuite()), s.getSession().getCipherSuite());
            }
            listener.reloadTls(); // refresh_certs makes a new context: the list goes with it
        }
    }

    @Test
    void boringSslReadsOpenSslsRulesAndPassesOverANameItLacks() throws Exception {
        Assumptions.assumeTrue(ServerTls.PROVIDER == SslProvider.OPENSSL, "BoringSSL did not load");
        List<String> tls12 = tls12Suites(ServerTls.context(vertx, tls("NO-SUCH-SUITE:HIGH:!AES256:!CHACHA20"), SslProvider.OPENSSL));
        assertTrue(tls12.contains(AES128), tls12.toString());
        assertTrue(tls12.stream().noneMatch(s -> s.contains("AES_256") || s.contains("CHACHA20")), tls12.toString());
    }

    @Test
    void aListThatNamesNoSuiteIsRefusedAtListenAndNothingListens() {
        IOException e = assertThrows(IOException.class, () -> server.listen("127.0.0.1", 0, tls("NOPE:NADA"),
                new VertxNetworkServerTest.Echo()));
        assertTrue(e.getMessage().startsWith("the TLS cipher list 'NOPE:NADA' will not do: "), e.getMessage());
        assertTrue(server.listeners().isEmpty());
    }

    @Test
    void theJdksEngineTakesSuitesByEitherNameAndRefusesARuleSayingWhy() throws Exception {
        SslContext jdk = ServerTls.context(vertx, tls("ECDHE-ECDSA-AES256-GCM-SHA384:" + CHACHA),
                SslProvider.JDK);
        List<String> expected = new ArrayList<>(TlsCiphers.TLS13);
        expected.addAll(List.of(AES256, CHACHA));
        assertEquals(expected, List.of(jdk.newEngine(ByteBufAllocator.DEFAULT).getEnabledCipherSuites()));

        IOException rule = assertThrows(IOException.class, () -> ServerTls.context(vertx, tls("HIGH:!aNULL"), SslProvider.JDK));
        assertTrue(rule.getMessage().contains("'HIGH' is not a cipher suite's name"), rule.getMessage());
        assertTrue(rule.getMessage().contains("by name only"), rule.getMessage());
        // OpenSSL passes over a word it does not know; the JDK's engine cannot tell one from a rule: refused
        IOException word = assertThrows(IOException.class, () -> ServerTls.context(vertx,
                tls("ECDHE-ECDSA-AES256-GCM-SHA384:NOPE"), SslProvider.JDK));
        assertTrue(word.getMessage().contains("'NOPE' is not a cipher suite's name"), word.getMessage());
        // a suite's name, of a suite the JDK lacks, is passed over as OpenSSL passes it over: none left
        IOException none = assertThrows(IOException.class, () -> ServerTls.context(vertx, tls("ECDHE-ECDSA-AES-GCM"),
                SslProvider.JDK));
        assertTrue(none.getMessage().endsWith("it names no cipher suite the JDK's TLS has"), none.getMessage());
    }

    private TlsSettings tls(String ciphers) {
        return new TlsSettings(certs.serverCert, certs.serverKey, null, ClientCerts.NONE, "TLSv1.2", ciphers);
    }

    private static List<String> tls12Suites(SslContext context) {
        List<String> out = new ArrayList<>();
        for (String s : context.newEngine(ByteBufAllocator.DEFAULT).getEnabledCipherSuites()) {
            if (!TlsCiphers.TLS13.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private SSLSocket connect(Listener listener, String protocol, String... suites) throws Exception {
        SSLSocket s = (SSLSocket) certs.clientContext(null).getSocketFactory().createSocket("127.0.0.1", listener.port());
        s.setSoTimeout(10_000);
        s.setEnabledProtocols(new String[] { protocol });
        if (suites.length > 0) {
            s.setEnabledCipherSuites(suites);
        }
        s.startHandshake();
        return s;
    }
}
