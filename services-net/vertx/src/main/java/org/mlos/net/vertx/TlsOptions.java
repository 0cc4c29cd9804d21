package org.mlos.net.vertx;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.mlos.net.api.TlsSettings;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;

/** {@link TlsSettings} as Vert.x's server options: PEM files, client authentication, protocol versions. */
final class TlsOptions {

    /**
     * How long a client has to finish its handshake. Until then the connection is not the
     * protocol's, so no connection limit counts it: this bounds how long it holds a socket.
     */
    static final long HANDSHAKE_TIMEOUT_SECONDS = 10;
    private static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    static {
        // memcached's OpenSSL refuses a client's renegotiation (a full handshake the server pays
        // for, on the client's say-so); the JDK accepts it unless told, once, before its first
        // handshake. The nodes' jvm.options says so too; an embedding application may say otherwise.
        if (System.getProperty(REJECT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_RENEGOTIATION, "true");
        }
    }

    private TlsOptions() {
    }

    /** {@code options} with TLS on, as {@code tls} asks. */
    static NetServerOptions applied(NetServerOptions options, TlsSettings tls) {
        options.setSsl(true).setKeyCertOptions(keyCert(tls)).setClientAuth(clientAuth(tls))
                .setEnabledSecureTransportProtocols(versions(tls))
                .setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
        if (tls.caCerts() != null) {
            options.setTrustOptions(trust(tls));
        }
        return options;
    }

    /** The same, for {@code NetServer.updateSSLOptions}: the files read again. */
    static ServerSSLOptions ssl(TlsSettings tls) {
        ServerSSLOptions ssl = new ServerSSLOptions().setKeyCertOptions(keyCert(tls)).setClientAuth(clientAuth(tls))
                .setEnabledSecureTransportProtocols(versions(tls))
                .setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
        if (tls.caCerts() != null) {
            ssl.setTrustOptions(trust(tls));
        }
        return ssl;
    }

    static PemKeyCertOptions keyCert(TlsSettings tls) {
        return new PemKeyCertOptions().setCertPath(absolute(tls.certChain())).setKeyPath(absolute(keyFile(tls)));
    }

    /** The key's file: {@link TlsSettings#key()}, or the chain's file when that holds the key too. */
    static Path keyFile(TlsSettings tls) {
        return tls.key() != null ? tls.key() : tls.certChain();
    }

    private static PemTrustOptions trust(TlsSettings tls) {
        return new PemTrustOptions().addCertPath(absolute(tls.caCerts()));
    }

    private static ClientAuth clientAuth(TlsSettings tls) {
        return switch (tls.clientCerts()) {
            case NONE -> ClientAuth.NONE;
            case REQUEST -> ClientAuth.REQUEST;
            case REQUIRE -> ClientAuth.REQUIRED;
        };
    }

    private static Set<String> versions(TlsSettings tls) {
        return tls.minVersion().equals("TLSv1.3") ? Set.of("TLSv1.3") : Set.of("TLSv1.2", "TLSv1.3");
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().toString();
    }
}
