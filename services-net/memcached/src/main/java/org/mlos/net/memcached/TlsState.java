package org.mlos.net.memcached;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.mlos.net.api.Listener;
import org.mlos.net.api.TlsFileRefused;
import org.mlos.net.api.TlsSettings;

/**
 * The server's TLS, as memcached's {@code -Z} and {@code ssl_*} settings describe it: what
 * {@code stats settings} prints, what {@code stats} counts ({@code ssl_handshake_errors},
 * {@code time_since_server_cert_refresh}), and {@code refresh_certs}, which reads the
 * certificate and key files again for new connections.
 */
public final class TlsState {

    /** No TLS: memcached's lines for a server built with TLS and started without {@code -Z}. */
    public static final TlsState OFF = off(Given.NONE);

    private final TlsSettings settings;
    /** What {@code stats settings} prints: the settings as given, TLS on or off, as memcached prints them. */
    private final Given given;
    private final Listener listener;
    private volatile long refreshedMillis = System.currentTimeMillis();
    /** The listener's count at the last {@code stats reset}, which zeroes memcached's. */
    private volatile long handshakeErrorsBefore;

    private TlsState(TlsSettings settings, Given given, Listener listener) {
        this.settings = settings;
        this.given = given;
        this.listener = listener;
    }

    /**
     * memcached's {@code ssl_*} options as given on its command line (null for one not given):
     * without {@code -Z} memcached still prints them in {@code stats settings}.
     *
     * @param verifyMode memcached's {@code ssl_verify_mode}, 0 to 3 (3, once per session, is served as 2)
     * @param minVersion {@code tlsv1.2} or {@code tlsv1.3}
     */
    public record Given(String certChain, String key, String caCerts, String ciphers, int verifyMode, String minVersion) {

        static final Given NONE = new Given(null, null, null, null, 0, "tlsv1.2");

        static Given of(TlsSettings tls, int verifyMode) {
            return new Given(tls.certChain().toString(), tls.key() == null ? null : tls.key().toString(),
                    tls.caCerts() == null ? null : tls.caCerts().toString(), tls.ciphers(), verifyMode,
                    tls.minVersion().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** TLS as {@code settings} made it on {@code listener}; {@code verifyMode} is memcached's number for its client certificates. */
    public static TlsState on(TlsSettings settings, int verifyMode, Listener listener) {
        return new TlsState(settings, Given.of(settings, verifyMode), listener);
    }

    /** No TLS ({@code -Z} not given), with the {@code ssl_*} options that were given, which {@code stats settings} prints. */
    public static TlsState off(Given given) {
        return new TlsState(null, given, null);
    }

    public boolean enabled() {
        return settings != null;
    }

    /**
     * {@code refresh_certs}: null when the files were read again, else memcached's error line
     * (the old certificate and key then go on serving).
     */
    public String refresh() {
        if (!enabled()) {
            return "Error TLS not enabled";
        }
        try {
            listener.reloadTls();
            refreshedMillis = System.currentTimeMillis();
            return null;
        } catch (TlsFileRefused e) {
            return errorLine(e);
        } catch (IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "Error validating the certificate and key: " + settings.certChain() + " : " + cause.getMessage();
        }
    }

    /** memcached's words for a file OpenSSL would not load: {@code Error loading the key: <file> : <why>}. */
    private static String errorLine(TlsFileRefused refused) {
        String what = switch (refused.part()) {
            case CERT_CHAIN -> "certificate chain";
            case KEY -> "key";
            case CA_CERTS -> "CA certificate";
        };
        return "Error loading the " + what + ": " + refused.file() + " : " + refused.reason();
    }

    /** {@code stats reset}: {@code ssl_handshake_errors} counts from now, as memcached's stats_reset zeroes it. */
    void resetCounters() {
        if (enabled()) {
            handshakeErrorsBefore = listener.tlsHandshakeErrors();
        }
    }

    /** {@code stats}' lines, memcached's, printed only with TLS on. */
    List<String[]> generalLines() {
        List<String[]> out = new ArrayList<>(2);
        if (enabled()) {
            out.add(new String[] { "ssl_handshake_errors", String.valueOf(listener.tlsHandshakeErrors() - handshakeErrorsBefore) });
            out.add(new String[] { "time_since_server_cert_refresh",
                    String.valueOf((System.currentTimeMillis() - refreshedMillis) / 1000) });
        }
        return out;
    }

    /**
     * {@code stats settings}' lines, as memcached 1.6.18 prints them with or without {@code -Z},
     * but {@code ssl_wbuf_size} and {@code ssl_session_cache}: memcached's own buffer and cache,
     * which the node's TLS library keeps as its own.
     */
    List<String[]> settingsLines() {
        List<String[]> out = new ArrayList<>(9);
        out.add(pair("ssl_enabled", enabled() ? "yes" : "no"));
        out.add(pair("ssl_chain_cert", given.certChain() != null ? given.certChain() : "(null)"));
        out.add(pair("ssl_key", given.key() != null ? given.key() : "(null)"));
        // memcached prints OpenSSL's flags its mode stands for: PEER 1, FAIL_IF_NO_PEER_CERT 2, CLIENT_ONCE 4
        out.add(pair("ssl_verify_mode", String.valueOf(new int[] { 0, 1, 3, 7 }[given.verifyMode()])));
        out.add(pair("ssl_keyformat", "1")); // OpenSSL's SSL_FILETYPE_PEM: PEM files only
        out.add(pair("ssl_ciphers", given.ciphers() != null ? given.ciphers() : "NULL"));
        out.add(pair("ssl_ca_cert", given.caCerts() != null ? given.caCerts() : "NULL"));
        out.add(pair("ssl_kernel_tls", "no"));
        out.add(pair("ssl_min_version", given.minVersion()));
        return out;
    }

    private static String[] pair(String name, String value) {
        return new String[] { name, value };
    }
}
