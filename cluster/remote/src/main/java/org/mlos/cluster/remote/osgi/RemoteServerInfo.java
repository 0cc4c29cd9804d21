package org.mlos.cluster.remote.osgi;

import org.mlos.cluster.remote.transport.RemoteServer;

/**
 * The service that publishes this node's remote-call endpoint ({@code mlos.endpoint=mlos-remote://host:port})
 * for the node registry, with the Remote Services properties of what it exports.
 */
public final class RemoteServerInfo {

    private final RemoteServer server;

    RemoteServerInfo(RemoteServer server) {
        this.server = server;
    }

    /** Instances hosted for other nodes now. */
    public int hosted() {
        return server.instances().size();
    }

    /** Calls run for other nodes so far. */
    public long calls() {
        return server.calls();
    }

    @Override
    public String toString() {
        return "remote kinds on port " + server.port() + ": " + hosted() + " hosted, " + calls() + " calls";
    }
}
