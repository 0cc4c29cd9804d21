package org.mlos.net.memcached;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.mlos.mem.api.KeyValueStore;
import org.mlos.net.api.Connection;
import org.mlos.net.api.Protocol;
import org.mlos.net.api.ProtocolSession;
import org.mlos.net.memcached.admin.ItemSource;
import org.mlos.net.memcached.admin.Operator;
import org.mlos.net.memcached.meta.ItemMarks;

/** The memcached protocol: sessions for new connections, shared operations and statistics. */
public final class MemcachedProtocol implements Protocol {

    /** The version this server reports. */
    public static final String VERSION = "1.6.21-mlos";

    private final ServerStats stats = new ServerStats();
    private final Operations operations;
    private final StatsReport report;
    private final int maxConnections;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, MemcachedSession> sessions = new ConcurrentHashMap<>();
    private final ItemMarks marks = new ItemMarks();
    private volatile Operator operator = Operator.DEFAULT;

    public MemcachedProtocol(KeyValueStore store, Limits limits, String host, int port, int maxConnections, int threads) {
        this.operations = new Operations(store, limits, stats, VERSION);
        this.report = new StatsReport(operations, new StatsReport.Settings(host, port, maxConnections, threads));
        this.maxConnections = maxConnections;
    }

    @Override
    public String name() {
        return "memcached";
    }

    @Override
    public ProtocolSession open(Connection connection) {
        if (stats.currConnections.get() >= maxConnections) {
            throw new IllegalStateException("too many connections (" + maxConnections + ")");
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

    Operations operations() {
        return operations;
    }

    /**
     * Enables {@code shutdown} (memcached's {@code -A}): the command closes its connection and
     * runs {@code stop}, which should stop this server. Off unless called.
     */
    public void enableShutdown(Runnable stop) {
        operator = operator.withShutdown(stop);
    }

    /** Where key dumps ({@code stats cachedump}, {@code lru_crawler metadump}) find items; none unless set. */
    public void itemSource(ItemSource items) {
        operator = operator.withItems(items);
    }

    Operator operator() {
        return operator;
    }

    /** What the meta commands keep per item beside the store, shared by every connection. */
    ItemMarks marks() {
        return marks;
    }

    List<String[]> report(String group) {
        List<String[]> conns = new ArrayList<>();
        if ("conns".equals(group)) {
            for (MemcachedSession s : sessions.values()) {
                conns.add(new String[] { s.id() + ":addr", s.remoteAddress() });
                conns.add(new String[] { s.id() + ":state", "conn_parse_cmd" });
            }
        }
        return report.group(group, conns);
    }
}
