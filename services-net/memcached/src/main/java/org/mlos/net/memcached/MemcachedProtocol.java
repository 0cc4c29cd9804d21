package org.mlos.net.memcached;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.mlos.mem.api.KeyValueStore;
import org.mlos.net.api.Connection;
import org.mlos.net.api.ConnectionRefused;
import org.mlos.net.api.Protocol;
import org.mlos.net.api.ProtocolSession;

/** The memcached protocol: sessions for new connections, shared operations and statistics. */
public final class MemcachedProtocol implements Protocol {

    /**
     * The version this server reports: that of the memcached whose behaviour it matches (its
     * differential tests run against 1.6.18), so that a client choosing features by version
     * chooses those served; the suffix says it is not memcached.
     */
    public static final String VERSION = "1.6.18-mlos";

    private final ServerStats stats;
    private final Operations operations;
    private final StatsReport report;
    private final int maxConnections;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, MemcachedSession> sessions = new ConcurrentHashMap<>();
    private final Dialects dialects;
    private final String host;
    /** memcached's {@code -t}, for {@code stats}: the server's event loops. */
    private volatile int threads;
    /** memcached's {@code -b}, for {@code stats settings}: the listening socket's backlog, once the network server says; 0 unknown. */
    private volatile int backlog;

    public MemcachedProtocol(KeyValueStore store, Dialects dialects, Limits limits, String host, int port,
            int maxConnections, int threads) {
        this(store, dialects, limits, host, port, maxConnections, threads, ServerStats.Layout.PERCORE);
    }

    /** As above, with the layout of the server's counters (the server's setting mlos.memcached.stats.counters). */
    public MemcachedProtocol(KeyValueStore store, Dialects dialects, Limits limits, String host, int port,
            int maxConnections, int threads, ServerStats.Layout statsLayout) {
        this.stats = new ServerStats(statsLayout);
        this.dialects = dialects;
        this.operations = new Operations(store, limits, stats, VERSION);
        this.threads = threads;
        this.report = new StatsReport(operations, new StatsReport.Settings(host, port, maxConnections, () -> this.threads, () -> this.backlog,
                dialects::shutdownEnabled, dialects::authentication));
        this.host = host;
        this.maxConnections = maxConnections;
    }

    private static final byte[] TOO_MANY_CONNECTIONS = "ERROR Too many open connections\r\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "memcached";
    }

    @Override
    public ProtocolSession open(Connection connection) {
        if (stats.currConnections.get() >= maxConnections) {
            // memcached's answer over its limit: this line, then the connection closed, counted
            stats.rejectedConnections.increment();
            connection.write(TOO_MANY_CONNECTIONS, 0, TOO_MANY_CONNECTIONS.length);
            connection.close();
            throw new ConnectionRefused("too many connections (" + maxConnections + ")");
        }
        stats.currConnections.incrementAndGet();
        stats.totalConnections.increment();
        MemcachedSession s = new MemcachedSession(connection, this, ids.incrementAndGet());
        sessions.put(s.id(), s);
        return s;
    }

    void closed(MemcachedSession s) {
        if (sessions.remove(s.id()) != null) {
            stats.currConnections.decrementAndGet();
        }
    }

    /** Bytes of input buffers the open connections hold (for tests bounding per-connection memory). */
    long inputBytesHeld() {
        long held = 0;
        for (MemcachedSession s : sessions.values()) {
            held += s.inputCapacity();
        }
        return held;
    }

    public ServerStats stats() {
        return stats;
    }

    /** The level {@code verbosity} starts at (memcached's {@code -v} count); the command changes it later. */
    public MemcachedProtocol verbosity(int level) {
        operations.tunables().verbosity(level);
        return this;
    }

    Operations operations() {
        return operations;
    }

    Dialects dialects() {
        return dialects;
    }

    /** {@code stats reset}: the server's counters and the store's running totals count from now. */
    void resetStats() {
        report.reset();
        operations.tls().resetCounters();
    }

    /**
     * The port the server listens on, once it does: what {@code stats settings} and {@code stats
     * conns} print where it was configured as 0 (any free port).
     */
    public void listeningOn(int port) {
        report.listeningOn(port);
    }

    /** The server's TLS, once it listens with it (memcached's {@code -Z}). */
    public void tls(TlsState state) {
        operations.tls(state);
    }

    /**
     * The unix domain socket the server listens on instead (memcached's {@code -s}): what
     * {@code stats settings} prints as {@code domain_socket}, and {@code stats conns} as the
     * listening address. {@code inter}: the address memcached's {@code -l} gave beside it, which
     * memcached still prints as {@code inter}, or null ({@code NULL}).
     */
    public void listeningOnSocket(String path, String inter) {
        report.listeningOnSocket(path, inter);
    }

    /** memcached's {@code -a}, which {@code stats settings} prints as {@code umask}, with or without a socket. */
    public void socketMask(int mask) {
        report.socketMask(mask);
    }

    /**
     * The threads the network server serves this protocol's connections on, once it says
     * ({@link org.mlos.net.api.Listener#threads()}): what {@code stats} reports as {@code threads},
     * wherever the server's setting came from (its configuration, or a framework property).
     */
    public void servedBy(int threads) {
        if (threads > 0) {
            this.threads = threads;
        }
    }

    /** The listening socket's backlog ({@link org.mlos.net.api.Listener#backlog()}), for {@code stats settings}' {@code tcp_backlog}. */
    public void backlog(int backlog) {
        if (backlog > 0) {
            this.backlog = backlog;
        }
    }

    List<String[]> report(String group, MemcachedSession asking) {
        List<String[]> conns = new ArrayList<>();
        if ("conns".equals(group)) {
            // memcached's lines: the listening socket first, then each client (ids are the node's, not descriptors)
            long now = System.currentTimeMillis();
            String socket = report.socket();
            String listen = socket != null ? "unix:" + socket : "tcp:" + host + ":" + report.port();
            if (stats.accepting()) {
                conns.add(new String[] { "0:addr", listen });
                conns.add(new String[] { "0:state", "conn_listening" });
                conns.add(new String[] { "0:secs_since_last_cmd", String.valueOf((now - stats.startedMillis) / 1000) });
            }
            for (MemcachedSession s : sessions.values()) {
                // memcached 1.6.18 prints a unix client's address as an address of family 0: the same here
                conns.add(new String[] { s.id() + ":addr", socket != null ? "?:<AF 0>" : "tcp:" + s.remoteAddress() });
                conns.add(new String[] { s.id() + ":listen_addr", listen });
                conns.add(new String[] { s.id() + ":state", s == asking ? "conn_parse_cmd" : s.state() });
                conns.add(new String[] { s.id() + ":secs_since_last_cmd",
                        String.valueOf(Math.max(0, now - s.lastReceivedMillis()) / 1000) });
            }
        }
        return report.group(group, conns);
    }
}
