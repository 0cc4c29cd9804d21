package org.mlos.cluster.remote.transport;

/**
 * What a host's port says when a caller opens a connection of its own to it
 * ({@link RemoteClient#presence}).
 */
public enum HostPresence {
    /** It completed a handshake: the process runs. */
    ANSWERS,
    /**
     * Its port accepted the connection but no handshake came within the connect timeout: the
     * process holds its socket open and does not run (paused, stalled in a long GC, swapping).
     * It keeps its instances and their state, and may come back.
     */
    SILENT,
    /**
     * Nothing accepted the connection (refused, or no answer at all: the process or its machine is
     * gone), or the host closed it before the handshake ended (its cap on handshakes, a secret it
     * does not share).
     */
    GONE
}
