package org.mlos.cluster.remote.transport;

import org.mlos.core.remote.RemoteDispatcher;

/** What a host runs remote instances with: it creates one on a caller's request and ends it. */
public interface Hosting {

    /**
     * Creates a new instance of an implementation of a kind, separate from this node's own, and
     * returns the dispatcher over it.
     *
     * @param kind        the kind's fully qualified name
     * @param impl        the implementation's {@code mlos.impl} name
     * @param fingerprint the caller's fingerprint of the kind: refuse if it differs from this node's
     * @param caller      the calling node, for messages and listings
     * @throws Exception with a message saying why the host refuses (unknown kind or implementation,
     *                   another version of the kind)
     */
    RemoteDispatcher open(String kind, String impl, long fingerprint, String caller) throws Exception;

    /** Ends an instance {@link #open} created. */
    void close(RemoteDispatcher instance);

    /** Whether the implementation {@code instance} was created from has gone since (its bundle stopped). */
    default boolean gone(RemoteDispatcher instance) {
        return false;
    }
}
