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
 */
final class HeadDeadline {

    /** Longer than the JDK's HTTP client keeps an idle connection (30 s), so it does not send on one being closed. */
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

    /** A head came whole: nothing is due until its answer has gone. */
    void arrived(HttpServerRequest req) {
        Watch w = watches.get(req.connection());
        if (w != null) {
            w.stop();
            req.response().endHandler(v -> w.await());
        }
    }

    /** The connections being watched now. */
    int watched() {
        return watches.size();
    }

    private final class Watch {
        private final HttpConnection connection;
        private long timer = -1;

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
