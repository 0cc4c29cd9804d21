package org.mlos.net.api;

import java.util.List;

import org.mlos.core.api.Kind;

/**
 * Accepts TCP connections, or connections on a unix domain socket, and runs a protocol on them. Each connection gets its own
 * {@link ProtocolSession}; a session's calls all come from one thread, in order, so a protocol
 * needs no locking of its own.
 *
 * <p>Stateless as a kind: swapping the transport moves no state; listeners opened on the old
 * implementation keep serving until closed.
 */
@Kind(stateless = true)
public interface NetworkServer {

    /**
     * Starts listening.
     *
     * @param host     address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port     port to bind, 0 for any free one
     * @param protocol makes a session for every accepted connection
     * @return the listener (its {@link Listener#port()} is the bound port)
     * @throws java.io.IOException if the address cannot be bound (in use, not local...)
     */
    Listener listen(String host, int port, Protocol protocol) throws java.io.IOException;

    /**
     * Starts listening with TLS (memcached's {@code -Z}): every connection is encrypted, and
     * sessions see only the plain bytes. The certificate and key are read now: a file missing or
     * unreadable, or a key that does not match, fails this call, saying so.
     *
     * @param tls the certificate, key and client-certificate policy; null listens as
     *            {@link #listen(String, int, Protocol)}
     * @throws TlsFileRefused      if a file of {@code tls} is missing, holds no certificate or
     *                             key, or the key is not the certificate's
     * @throws java.io.IOException if the address cannot be bound
     * @since 1.6
     */
    default Listener listen(String host, int port, TlsSettings tls, Protocol protocol) throws java.io.IOException {
        if (tls == null) {
            return listen(host, port, protocol);
        }
        throw new java.io.IOException(getClass().getName() + " serves no TLS; listen without it, or put a TLS proxy"
                + " in front");
    }

    /**
     * Starts listening on a unix domain socket (memcached's {@code -s}), a file only processes of
     * this machine that may write it can connect to. A socket file left behind by a server that
     * died is replaced; any other file there, or a socket another server still listens on, is
     * not. The socket file is removed when the listener closes.
     *
     * @param socket   the socket file's path; its folder must exist
     * @param mode     the socket file's permission bits, e.g. {@code 0700} (memcached's {@code -a}):
     *                 whoever may write it may connect
     * @param protocol makes a session for every accepted connection
     * @return the listener (its {@link Listener#path()} is the socket's)
     * @throws java.io.IOException if the socket cannot be made there, saying why and what to do
     * @since 1.6
     */
    default Listener listen(java.nio.file.Path socket, int mode, Protocol protocol) throws java.io.IOException {
        throw new java.io.IOException(getClass().getName() + " listens on TCP only, not on unix domain sockets;"
                + " give a host and port instead");
    }

    /** The listeners open now. */
    List<Listener> listeners();
}
