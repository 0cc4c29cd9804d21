package org.mlos.bridge.http;

import java.util.function.IntSupplier;

import org.mlos.bridge.api.BridgeProperties;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;

/**
 * Closes a connection that opens while {@code max} are open already, as memcached's {@code -c}
 * does. Without it a flood of connections (each allowed its head's time, unauthenticated) took
 * whatever descriptors and memory the node had. A refused connection is closed at once, before a
 * byte is read: answering it 503 would mean reading its head, which is what a flood holds
 * connections with. The node's log says how many, at most once every {@value #LOG_EVERY_MILLIS} ms.
 *
 * <p>Runs on the front's one event loop (BridgeHttp gives its Vert.x one): the count and the
 * check after it are not raced by another connection's opening.
 */
final class ConnectionCap {

    /** memcached's default {@code -c}. */
    static final int DEFAULT = 1024;

    static final long LOG_EVERY_MILLIS = 10_000;

    private final Vertx vertx;
    private final int max;
    private final IntSupplier open;
    private final System.Logger log;
    private final long logEveryMillis;
    /** Written on the event loop only; read by tests and stats from elsewhere. */
    private volatile long refused;
    private long refusedWhenLogged;
    private String lastFrom = "";
    private boolean logPending;

    /** {@code open}: the connections open now, this one not among them. */
    ConnectionCap(Vertx vertx, int max, IntSupplier open, System.Logger log, long logEveryMillis) {
        if (max < 1) {
            throw new IllegalArgumentException("a connection cap of " + max + " would refuse every connection; give 1 or more");
        }
        this.vertx = vertx;
        this.max = max;
        this.open = open;
        this.log = log;
        this.logEveryMillis = logEveryMillis;
    }

    ConnectionCap(Vertx vertx, int max, IntSupplier open) {
        this(vertx, max, open, System.getLogger(ConnectionCap.class.getName()), LOG_EVERY_MILLIS);
    }

    /** False, with the connection closed, if {@code max} are open already. */
    boolean admits(HttpConnection connection) {
        if (open.getAsInt() < max) {
            return true;
        }
        refused = refused + 1;
        lastFrom = String.valueOf(connection.remoteAddress());
        connection.close();
        if (!logPending) {
            // the first refusal is told at once, those after it together, once the period is over
            logPending = true;
            tell();
            vertx.setTimer(logEveryMillis, t -> {
                logPending = false;
                if (refused > refusedWhenLogged) {
                    tell();
                }
            });
        }
        return false;
    }

    private void tell() {
        log.log(System.Logger.Level.WARNING, "bridge HTTP front: closed " + (refused - refusedWhenLogged)
                + " new connection(s) unanswered (the last from " + lastFrom + "): " + max + " were open, the most "
                + BridgeProperties.HTTP_MAX_CONNECTIONS + " allows; raise it if these are clients you expect");
        refusedWhenLogged = refused;
    }

    /** Connections refused since the front started (read on the event loop, or after it is quiet). */
    long refused() {
        return refused;
    }
}
