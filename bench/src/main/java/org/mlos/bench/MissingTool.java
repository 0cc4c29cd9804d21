package org.mlos.bench;

/**
 * A tool a benchmark runs beside the node (memaslap, memcached, openssl) is not installed: the
 * user's to fix, so {@code mlos bench} prints the message, which says how, not a stack trace.
 */
public final class MissingTool extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public MissingTool(String message) {
        super(message);
    }
}
