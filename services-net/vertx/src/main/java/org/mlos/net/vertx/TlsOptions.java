package org.mlos.net.vertx;

import java.nio.file.Path;
import java.util.Set;

import org.mlos.net.api.TlsSettings;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;

/** {@link TlsSettings} as Vert.x's server options: PEM files, client authentication, protocol versions. */
final class TlsOptions {

    private TlsOptions() {
    }

    /** {@code options} with TLS on, as {@code tls} asks. */
    static NetServerOptions applied(NetServerOptions options, TlsSettings tls) {
        options.setSsl(true).setKeyCertOptions(keyCert(tls)).setClientAuth(clientAuth(tls))
                .setEnabledSecureTransportProtocols(versions(tls));
        if (tls.caCerts() != null) {
            options.setTrustOptions(trust(tls));
        }
        return options;
    }

    /** The same, for {@code NetServer.updateSSLOptions}: the files read again. */
    static ServerSSLOptions ssl(TlsSettings tls) {
        ServerSSLOptions ssl = new ServerSSLOptions().setKeyCertOptions(keyCert(tls)).setClientAuth(clientAuth(tls))
                .setEnabledSecureTransportProtocols(versions(tls));
        if (tls.caCerts() != null) {
            ssl.setTrustOptions(trust(tls));
        }
        return ssl;
    }

    private static PemKeyCertOptions keyCert(TlsSettings tls) {
        Path key = tls.key() != null ? tls.key() : tls.certChain(); // memcached: the key may be in the chain's file
        return new PemKeyCertOptions().setCertPath(absolute(tls.certChain())).setKeyPath(absolute(key));
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
