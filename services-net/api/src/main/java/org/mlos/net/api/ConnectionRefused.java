package org.mlos.net.api;

/**
 * Thrown by {@link Protocol#open} that refuses a connection on purpose (a connection limit, say):
 * the protocol has told the peer in its own words and closed the connection; the transport logs
 * no failure for it (a connection storm would flood the log) and serves nothing on it.
 */
public class ConnectionRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code reason}: why, for a debug log. */
    public ConnectionRefused(String reason) {
        super(reason, null, false, false);
    }
}
