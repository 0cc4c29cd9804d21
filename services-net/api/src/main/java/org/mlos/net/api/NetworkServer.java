package org.mlos.net.api;

import java.util.List;

import org.mlos.core.api.Kind;

/**
 * Accepts TCP connections and runs a protocol on them. Each connection gets its own
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

    /** The listeners open now. */
    List<Listener> listeners();
}
