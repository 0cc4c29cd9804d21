package org.mlos.bridge.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closes a connection that brings no whole request head within {@code millis} of opening, or of
 * its last answer. Without it a client that sends a request's headers a byte at a time (slowloris)
 * held a connection for good, unauthenticated: the idle timeout restarts with every byte, and the
 * token is checked only once the head is whole. Each connection's watch runs on its event loop.
 * It owns the connection's close handler and each response's end handler (one slot each in
 * Vert.x): nothing else in the front may set them.
 */
final class HeadDeadline {

    /**
     * Longer than the JDK's HTTP client keeps an idle connection since JDK 20 (30 s), so that one
     * seldom sends on a connection being closed (a client that keeps one longer may, as with any
     * server's keep-alive limit, and retries what it can).
     */
    static final long MILLIS = 60_000;

    private final Vertx vertx;
    private final long millis;
    private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();

    HeadDeadline(Vertx vertx, long millis) {
        this.vertx = vertx;
        this.millis = millis;
    }

    /** A connection opened: its first head is due. */
    void opened(HttpConnection connection) {
        Watch w = new Watch(connection);
        watches.put(connection, w);
        connection.closeHandler(v -> {
            watches.remove(connection);
            w.stop();
        });
        w.await();
    }

    /**
     * A head came whole: nothing is due until its answer has gone. A request pipelined behind it
     * is handed over within the answer's end, before its end handler runs: only the answer to the
     * request being handled arms the deadline again, else it would run through the next one.
     */
    void arrived(HttpServerRequest req) {
        Watch w = watches.get(req.connection());
        if (w != null) {
            w.stop();
            w.current = req;
            req.response().endHandler(v -> {
                if (w.current == req) {
                    w.current = null;
                    w.await();
                }
            });
        }
    }

    /** The connections being watched now: every open one. */
    int watched() {
        return watches.size();
    }

    private final class Watch {
        private final HttpConnection connection;
        private long timer = -1;
        private HttpServerRequest current;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void await() {
            stop();
            timer = vertx.setTimer(millis, t -> connection.close());
        }

        void stop() {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
