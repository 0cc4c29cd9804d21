package org.mlos.bridge.http;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import org.mlos.bridge.api.BridgeProperties;

import io.vertx.core.http.HttpConnection;

/**
 * Closes a connection that opens while {@code max} are open already, as memcached's {@code -c}
 * does. Without it a flood of connections (each allowed its head's time, unauthenticated) took
 * whatever descriptors and memory the node had. A refused connection is closed at once, before a
 * byte is read: answering it 503 would mean reading its head, which is what a flood holds
 * connections with. The node's log says so, at most every {@value #LOG_EVERY_MILLIS} ms.
 */
final class ConnectionCap {

    /** memcached's default {@code -c}. */
    static final int DEFAULT = 1024;

    static final long LOG_EVERY_MILLIS = 10_000;

    private final int max;
    private final IntSupplier open;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedWhenLogged = new AtomicLong();
    private final AtomicLong loggedAt = new AtomicLong(Long.MIN_VALUE);

    /** {@code open}: the connections open now, this one not among them. */
    ConnectionCap(int max, IntSupplier open) {
        if (max < 1) {
            throw new IllegalArgumentException("a connection cap of " + max + " would refuse every connection; give 1 or more");
        }
        this.max = max;
        this.open = open;
    }

    /** False, with the connection closed, if {@code max} are open already. */
    boolean admits(HttpConnection connection) {
        if (open.getAsInt() < max) {
            return true;
        }
        long n = refused.incrementAndGet();
        connection.close();
        long now = System.nanoTime() / 1_000_000;
        long last = loggedAt.get();
        if ((last == Long.MIN_VALUE || now - last >= LOG_EVERY_MILLIS) && loggedAt.compareAndSet(last, now)) {
            long since = n - refusedWhenLogged.getAndSet(n);
            System.getLogger(ConnectionCap.class.getName()).log(System.Logger.Level.WARNING,
                    "bridge HTTP front: refused " + since + " connection(s): " + max + " were open, the limit "
                            + BridgeProperties.HTTP_MAX_CONNECTIONS + " (default " + DEFAULT + ") sets");
        }
        return false;
    }

    /** Connections refused since the front started. */
    long refused() {
        return refused.get();
    }
}
