package org.mlos.net.api;

import java.nio.file.Path;

/**
 * A TLS file a listener will not serve with ({@link NetworkServer#listen(String, int, TlsSettings, Protocol)},
 * {@link Listener#reloadTls()}): which one, and why. Protocols name it in their own words
 * (memcached: {@code Error loading the key: <file> : <reason>}).
 *
 * @since 1.6
 */
public class TlsFileRefused extends java.io.IOException {

    private static final long serialVersionUID = 1L;

    /** Which of {@link TlsSettings}' files. */
    public enum Part {
        /** {@link TlsSettings#certChain()}: no certificate read from it. */
        CERT_CHAIN("certificate chain"),
        /** {@link TlsSettings#key()}: no key read from it, or a key the certificate's public key does not match. */
        KEY("key"),
        /** {@link TlsSettings#caCerts()}: no certificate read from it. */
        CA_CERTS("CA certificates");

        private final String words;

        Part(String words) {
            this.words = words;
        }
    }

    private final Part part;
    private final transient Path file;
    private final String reason;

    public TlsFileRefused(Part part, Path file, String reason, Throwable cause) {
        super("the TLS " + part.words + " " + file + ": " + reason, cause);
        this.part = part;
        this.file = file;
        this.reason = reason;
    }

    public Part part() {
        return part;
    }

    public Path file() {
        return file;
    }

    /** Why, without the file's name: {@code key values mismatch}, say. */
    public String reason() {
        return reason;
    }
}
