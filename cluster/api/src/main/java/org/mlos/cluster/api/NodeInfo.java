package org.mlos.cluster.api;

import java.io.Serializable;
import java.util.Map;

/**
 * What a node publishes about itself; every node refreshes its entry every few seconds, and the
 * entry of a node that leaves or dies is dropped.
 *
 * @param id         the node's id (its cluster member's UUID)
 * @param profile    the profile it runs
 * @param address    its cluster address, host:port
 * @param pid        its process id
 * @param bundles    its bundles: symbolic name to version
 * @param kinds      its kinds: kind name to active implementation ("-" if none)
 * @param endpoints  what it serves: name to host:port (e.g. memcached)
 * @param startedAt  when it started, in epoch milliseconds
 * @param memberStartMillis how long starting its cluster member took, joining included
 * @param joinMillis how long the join itself took (from the member's STARTING to STARTED)
 * @param load       its load figures, sampled when published
 * @param updatedAt  when it published this, in epoch milliseconds
 */
public record NodeInfo(String id, String profile, String address, long pid, Map<String, String> bundles,
        Map<String, String> kinds, Map<String, String> endpoints, long startedAt, long memberStartMillis, long joinMillis, Load load,
        long updatedAt) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Load figures.
     *
     * @param systemLoad   the system load average over the last minute (-1 where unknown)
     * @param processCpu   the node process's CPU use, 0..1 of the machine (-1 where unknown)
     * @param heapUsed     heap bytes in use
     * @param heapMax      heap bytes at most
     * @param threads      live threads
     */
    public record Load(double systemLoad, double processCpu, long heapUsed, long heapMax, int threads)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Milliseconds since the node started, at {@code now}. */
    public long uptimeMillis(long now) {
        return Math.max(0, now - startedAt);
    }
}
