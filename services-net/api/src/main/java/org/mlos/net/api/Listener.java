package org.mlos.net.api;

/** An open listening socket. */
public interface Listener extends AutoCloseable {

    String host();

    /** The bound port. */
    int port();

    /** The protocol served. */
    String protocol();

    /** Connections open now. */
    int connections();

    /** Connections accepted since the listener opened. */
    long accepted();

    /** Stops accepting and closes every connection of this listener. */
    @Override
    void close();
}
