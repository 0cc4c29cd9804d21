package org.mlos.net.memcached.server;

/**
 * Framework properties the memcached server reads when its configuration (PID
 * {@value MemcachedServer#PID}) leaves a setting unset. {@code mlos run cache} maps memcached's own
 * words onto them ({@code -p -l -c -I -Y}).
 */
public final class MemcachedProperties {

    private MemcachedProperties() {
    }

    /** Port (default 11211; 0 takes any free port). */
    public static final String PORT = "mlos.port";
    public static final int DEFAULT_PORT = 11211;

    /** Address to bind (default 127.0.0.1). */
    public static final String HOST = "mlos.memcached.host";
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Largest value in bytes (memcached's {@code -I}, default 1 MB). */
    public static final String ITEM_MAX = "mlos.memcached.item.max";

    /** Connections at most (memcached's {@code -c}, default 1024). */
    public static final String MAX_CONNECTIONS = "mlos.memcached.max.connections";
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    /** memcached's {@code -Y}: a file of user:password lines; clients authenticate first. */
    public static final String AUTH_FILE = "mlos.memcached.auth.file";

    /** Whether the {@code shutdown} command stops the server (memcached's {@code -A}, default false). */
    public static final String SHUTDOWN = "mlos.memcached.shutdown";

    /**
     * How the server's counters are kept: {@code percore} (a representative per core, the default)
     * or {@code shared} (one for every thread: what {@code mlos bench reps} compares with).
     */
    public static final String STATS_COUNTERS = "mlos.memcached.stats.counters";
}
