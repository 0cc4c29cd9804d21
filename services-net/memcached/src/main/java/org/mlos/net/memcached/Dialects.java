package org.mlos.net.memcached;

/**
 * The parsers a new connection gets: binary when its first byte is 0x80, as memcached decides,
 * text otherwise. Chosen by whoever assembles the server, so that a new dialect adds a package
 * and touches nothing here.
 */
public interface Dialects {

    Commands binary(SessionControl session, Operations ops);

    Commands text(SessionControl session, Operations ops);

    /** Whether {@code shutdown} is enabled now ({@code stats settings}' shutdown_command). */
    default boolean shutdownEnabled() {
        return false;
    }

    /** Whether clients must authenticate ({@code stats settings}' auth_enabled_sasl and auth_enabled_ascii). */
    default boolean authentication() {
        return false;
    }
}
