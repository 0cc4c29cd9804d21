package org.mlos.cluster.remote.transport;

/**
 * A node that hosts remote instances, as its registry entry names it.
 *
 * @param node its node id, for messages
 * @param host the address its remote-call server listens on
 * @param port its port
 */
public record Peer(String node, String host, int port) {

    public Peer {
        if (node == null || node.isBlank() || host == null || host.isBlank()) {
            throw new IllegalArgumentException("a remote peer needs a node id and a host");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("remote peer " + node + ": port " + port + " is not a TCP port");
        }
    }

    @Override
    public String toString() {
        return node + "@" + host + ":" + port;
    }
}
