package org.mlos.core.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a node's bundles report what happened to the node (cluster members joining and leaving,
 * cluster-wide swaps and rollouts decided, restarts by a supervisor): one line per event. A node
 * with the fault services journals them ({@code mlos journal tail}); without, nobody provides the
 * service and reporters skip it (take it as an optional reference).
 */
@ConsumerType
public interface NodeEvents {

    /**
     * Records one event.
     *
     * @param source who reports it, one word ({@code cluster}, {@code supervision})
     * @param line   what happened, one line
     */
    void event(String source, String line);
}
