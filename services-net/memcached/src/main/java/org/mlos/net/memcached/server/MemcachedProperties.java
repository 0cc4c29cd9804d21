package org.mlos.net.memcached.server;

/**
 * Framework properties the memcached server reads when its configuration (PID
 * {@value MemcachedServer#PID}) leaves a setting unset. {@code mlos run cache} maps memcached's own
 * words onto them ({@code -p -l -s -a -Z -c -I -Y -A -v -t}, {@code -o ssl_*}).
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

    /**
     * memcached's {@code -s}: a unix domain socket to listen on instead of a port (host and port
     * are then not bound). Unset by default.
     */
    public static final String SOCKET = "mlos.memcached.socket";

    /**
     * memcached's {@code -a}: the unix socket's permission bits, in octal as memcached reads them
     * (default {@value #DEFAULT_SOCKET_MASK}: only the node's user may connect).
     */
    public static final String SOCKET_MASK = "mlos.memcached.socket.mask";
    public static final String DEFAULT_SOCKET_MASK = "700";

    /**
     * memcached's {@code -Z}: TLS on every connection of the port (not on a unix socket). Needs
     * {@link #TLS_CERT}. Default false.
     */
    public static final String TLS = "mlos.memcached.tls";
    /** memcached's {@code ssl_chain_cert}: the server's certificate chain, a PEM file (with its key, unless {@link #TLS_KEY}). */
    public static final String TLS_CERT = "mlos.memcached.tls.cert";
    /** memcached's {@code ssl_key}: the server's private key, an unencrypted PEM file. */
    public static final String TLS_KEY = "mlos.memcached.tls.key";
    /** memcached's {@code ssl_ca_cert}: the CA certificates client certificates are checked against, a PEM file. */
    public static final String TLS_CA = "mlos.memcached.tls.ca";
    /**
     * memcached's {@code ssl_verify_mode}: 0 asks clients for no certificate (the default), 1 asks
     * and checks one if sent, 2 and 3 refuse a client without one the CA certificates vouch for.
     */
    public static final String TLS_VERIFY = "mlos.memcached.tls.verify";
    /** memcached's {@code ssl_min_version}: {@code 2}, TLS 1.2 (the default), or {@code 3}, TLS 1.3; or their names {@code tlsv1.2}, {@code tlsv1.3}. */
    public static final String TLS_MIN_VERSION = "mlos.memcached.tls.min.version";
    /**
     * memcached's {@code ssl_ciphers}: the cipher suites TLS 1.2 may use, an OpenSSL cipher list
     * ({@code ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256}, {@code HIGH:!aNULL});
     * TLS 1.3's are left as they are. Unset: the TLS library's defaults.
     */
    public static final String TLS_CIPHERS = "mlos.memcached.tls.ciphers";

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
     * What an enabled {@code shutdown} stops: {@code server}, this server alone (the default: in an
     * application that embeds the bundles the rest runs on), or {@code node}, the whole framework,
     * so that a node started for its cache exits as memcached does (the cache profiles set it).
     */
    public static final String SHUTDOWN_STOPS = "mlos.memcached.shutdown.stops";

    /**
     * The level the server's {@code verbosity} starts at (memcached's {@code -v} count: 1 logs each
     * request answered with an error, 2 also each request and connection; default 0). The
     * {@code verbosity} command changes it as before.
     */
    public static final String VERBOSITY = "mlos.memcached.verbosity";


    /**
     * How the server's counters are kept: {@code percore} (a representative per core, the default)
     * or {@code shared} (one for every thread: what {@code mlos bench reps} compares with).
     */
    public static final String STATS_COUNTERS = "mlos.memcached.stats.counters";
}
