package org.mlos.net.memcached;

/**
 * The parsers a new connection gets: binary when its first byte is 0x80, as memcached decides,
 * text otherwise. Chosen by whoever assembles the server, so that a new dialect adds a package
 * and touches nothing here.
 */
public interface Dialects {

    Commands binary(SessionControl session, Operations ops);

    Commands text(SessionControl session, Operations ops);
}
