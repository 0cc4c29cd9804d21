package org.mlos.net.api;

/** An open listening socket: TCP, or a unix domain socket ({@link #path()} not null). */
public interface Listener extends AutoCloseable {

    /** The address bound, or for a unix domain socket {@code unix:} and its path. */
    String host();

    /** The bound port, 0 for a unix domain socket. */
    int port();

    /** The unix domain socket's path, or null when this listener is TCP. Since 1.6. */
    default java.nio.file.Path path() {
        return null;
    }

    /** Whether connections are TLS ({@link NetworkServer#listen(String, int, TlsSettings, Protocol)}). Since 1.6. */
    default boolean tls() {
        return false;
    }

    /**
     * Reads the TLS certificate, key and CA files again (memcached's {@code refresh_certs}): new
     * connections get the new ones, open ones keep theirs. On failure the old ones stay in use.
     *
     * @throws TlsFileRefused      if a file cannot be read, holds no usable certificate or key,
     *                             or the key is not the certificate's
     * @throws java.io.IOException if this listener is not TLS
     * @since 1.6
     */
    default void reloadTls() throws java.io.IOException {
        throw new java.io.IOException("this listener serves no TLS");
    }

    /** Connections whose TLS handshake failed, since the listener opened. Since 1.6. */
    default long tlsHandshakeErrors() {
        return 0;
    }

    /** The protocol served. */
    String protocol();

    /** Connections open now. */
    int connections();

    /** Connections accepted since the listener opened. */
    long accepted();

    /**
     * Threads that serve this listener's connections (a network server's event loops), or 0 if
     * the server does not say.
     */
    default int threads() {
        return 0;
    }

    /**
     * Connections the listening socket queues before they are accepted (the backlog handed to
     * {@code listen(2)}, memcached's {@code -b}), or 0 if the server does not say. Since 1.5.
     */
    default int backlog() {
        return 0;
    }

    /** Stops accepting and closes every connection of this listener. */
    @Override
    void close();
}
