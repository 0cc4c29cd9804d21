package org.mlos.net.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS on a listener (memcached's {@code -Z} and its {@code ssl_*} settings): the server's
 * certificate chain and key, in PEM files; which client certificates it asks for, and the CA
 * certificates it checks them against; the oldest protocol version it accepts.
 *
 * @param certChain   the server's certificate chain, PEM (memcached's {@code ssl_chain_cert})
 * @param key         its private key, PEM, unencrypted (memcached's {@code ssl_key}); null when
 *                    the chain file holds it too
 * @param caCerts     the CA certificates client certificates are checked against, PEM
 *                    (memcached's {@code ssl_ca_cert}); null: none
 * @param clientCerts whether clients are asked for a certificate (memcached's {@code ssl_verify_mode})
 * @param minVersion  the oldest protocol accepted: {@code TLSv1.2} or {@code TLSv1.3}
 *                    (memcached's {@code ssl_min_version})
 * @param ciphers     the cipher suites TLS 1.2 may use, as OpenSSL reads a cipher list
 *                    (memcached's {@code ssl_ciphers}, given to {@code SSL_CTX_set_cipher_list}):
 *                    names and rules, {@code ECDHE-ECDSA-AES128-GCM-SHA256:HIGH:!aNULL}; TLS
 *                    1.3's suites are left as they are, as memcached leaves them. Null: the TLS
 *                    library's defaults (since 1.7)
 * @since 1.6
 */
public record TlsSettings(Path certChain, Path key, Path caCerts, ClientCerts clientCerts, String minVersion,
        String ciphers) {

    /** memcached's {@code ssl_verify_mode}: 0, 1, 2 (and 3, which asks once per session: 2 here). */
    public enum ClientCerts {
        /** No client certificate is asked for (0). */
        NONE,
        /** One is asked for and checked if sent; a client may send none (1). */
        REQUEST,
        /** A client without a certificate the CA certificates vouch for is refused (2, 3). */
        REQUIRE
    }

    public TlsSettings {
        Objects.requireNonNull(certChain, "certChain");
        Objects.requireNonNull(clientCerts, "clientCerts");
        if (!"TLSv1.2".equals(minVersion) && !"TLSv1.3".equals(minVersion)) {
            throw new IllegalArgumentException("the oldest TLS version accepted is TLSv1.2 or TLSv1.3, not " + minVersion);
        }
        if (clientCerts != ClientCerts.NONE && caCerts == null) {
            throw new IllegalArgumentException("client certificates are checked against CA certificates: give those"
                    + " (memcached's ssl_ca_cert) or ask for no client certificate");
        }
        if (ciphers != null && (ciphers.isBlank() || !ciphers.chars().allMatch(c -> c >= ' ' && c < 127))) {
            throw new IllegalArgumentException("a cipher list is OpenSSL's, printable ASCII"
                    + " (ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256), not '" + ciphers + "'; leave it out"
                    + " for the TLS library's defaults");
        }
    }

    /** TLS 1.2's cipher suites left to the TLS library: the constructor of 1.6. */
    public TlsSettings(Path certChain, Path key, Path caCerts, ClientCerts clientCerts, String minVersion) {
        this(certChain, key, caCerts, clientCerts, minVersion, null);
    }

    /** A server certificate and key, no client certificates, TLS 1.2 and later: memcached's defaults. */
    public static TlsSettings of(Path certChain, Path key) {
        return new TlsSettings(certChain, key, null, ClientCerts.NONE, "TLSv1.2", null);
    }
}
