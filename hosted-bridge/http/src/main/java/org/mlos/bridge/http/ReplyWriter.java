package org.mlos.bridge.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Writes a {@link Reply}, and refuses a request whose body the front will not read: it answers,
 * then reads and drops what the client is still sending, up to {@link #DRAIN_BYTES} or
 * {@link #DRAIN_MILLIS}, before it closes. Closed at once, with a body still arriving, the kernel
 * answers the client's next segments with a reset, and a client still sending lost the answer
 * with it (the JDK's HTTP client: 3 answers in 80 over a 64 KiB limit).
 */
final class ReplyWriter {

    /** The most of a refused body read before the close; a client that sends more may see a reset. */
    static final long DRAIN_BYTES = 8L << 20;
    static final long DRAIN_MILLIS = 3_000;

    private final Vertx vertx;
    /**
     * Connections that close after the answer under way: a request pipelined behind it is not
     * served (Vert.x hands it to the front before the close, and it ran: a request smuggled behind
     * a chunked one wrote its file though its answer was never sent).
     */
    private final java.util.Set<HttpConnection> closing = java.util.Collections.synchronizedSet(
            java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    ReplyWriter(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Answers. A request framed by {@code Transfer-Encoding} also closes its connection after the
     * answer: it may have carried a {@code Content-Length} too, which Netty's decoder drops without
     * a trace, and RFC 9112 (6.3) has a server close after answering such a request, since a proxy in
     * front that framed it by the length would take the rest of its body for a next request
     * (request smuggling). The two cannot be told apart here, so every chunked request's connection
     * closes: a chunked upload is rare and large, one connection more is its whole cost.
     */
    void send(HttpServerRequest req, Reply reply) {
        write(req, reply, closing.contains(req.connection()));
    }

    /**
     * Whether the request arrived behind one whose answer closes the connection, and must not be
     * served; a request with {@code Transfer-Encoding} marks its connection so (see {@link #send}).
     */
    boolean behindAClose(HttpServerRequest req) {
        if (closing.contains(req.connection())) {
            return true;
        }
        if (req.headers().contains("Transfer-Encoding")) {
            closing.add(req.connection());
        }
        return false;
    }

    /** Answers, says the connection closes, drains what is left of the body, and closes it. */
    void refuse(HttpServerRequest req, Reply reply) {
        write(req, reply, true);
    }

    /**
     * Answers a request that could not be read, and closes once the answer is written: nothing of
     * it will end, so a drain would hold the connection its whole 3 s.
     */
    void unreadable(HttpServerRequest req, Reply reply) {
        HttpConnection connection = req.connection();
        if (req.response().ended() || req.response().closed()) {
            connection.close();
            return;
        }
        req.response().setStatusCode(reply.status()).putHeader("Cache-Control", "no-store")
                .putHeader("Content-Type", reply.contentType()).putHeader("Connection", "close")
                .end(Buffer.buffer(reply.body())).onComplete(v -> connection.close());
    }

    private void write(HttpServerRequest req, Reply reply, boolean closes) {
        if (req.response().ended() || req.response().closed()) {
            return;
        }
        var response = req.response().setStatusCode(reply.status()).putHeader("Cache-Control", "no-store");
        if (reply.contentType() != null) {
            response.putHeader("Content-Type", reply.contentType());
        }
        reply.headers().forEach(response::putHeader);
        if (closes) {
            closing.add(req.connection());
            response.putHeader("Connection", "close"); // so that a client does not send its next request on it
        }
        Future<Void> written = response.end(Buffer.buffer(reply.body()));
        if (closes) {
            drainThenClose(req, written);
        }
    }

    /** Closes once the answer is written and the body has ended, or past the drain's bounds; once. */
    private void drainThenClose(HttpServerRequest req, Future<Void> written) {
        HttpConnection connection = req.connection();
        if (req.isEnded()) {
            written.onComplete(v -> connection.close());
            return;
        }
        var drain = new Object() {
            long bytes;
            long timer;
            boolean over;

            void close() {
                if (!over) {
                    over = true;
                    vertx.cancelTimer(timer);
                    written.onComplete(v -> connection.close());
                }
            }
        };
        drain.timer = vertx.setTimer(DRAIN_MILLIS, t -> drain.close());
        req.handler(chunk -> {
            drain.bytes += chunk.length();
            if (drain.bytes > DRAIN_BYTES) {
                drain.close();
            }
        });
        // a client that goes first ends nothing here (the request is over, its handlers hear no
        // more): the timer's close then finds the connection closed, a no-op
        req.endHandler(v -> drain.close());
    }
}
