package org.mlos.net.api;

/** A protocol: its name, and a session for every connection. */
public interface Protocol {

    /** A short name for reports and statistics, e.g. {@code memcached}. */
    String name();

    /**
     * A new connection was accepted.
     *
     * @throws ConnectionRefused when the protocol turns it away on purpose, having told the peer
     */
    ProtocolSession open(Connection connection);
}
