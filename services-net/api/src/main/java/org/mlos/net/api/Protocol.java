package org.mlos.net.api;

/** A protocol: its name, and a session for every connection. */
public interface Protocol {

    /** A short name for reports and statistics, e.g. {@code memcached}. */
    String name();

    /** A new connection was accepted. */
    ProtocolSession open(Connection connection);
}
