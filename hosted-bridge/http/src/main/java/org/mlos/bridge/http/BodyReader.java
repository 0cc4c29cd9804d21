package org.mlos.bridge.http;

import java.util.function.Consumer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Gathers a request's body up to a limit. A body sent without a length (chunked) that passes the
 * limit gets 413 and its connection closed as the limit is passed, not once it has all arrived.
 */
final class BodyReader {

    private final HttpServerRequest req;
    private final long max;
    private final Buffer body = Buffer.buffer();
    private boolean over;

    BodyReader(HttpServerRequest req, long max) {
        this.req = req;
        this.max = max;
    }

    void whenRead(Consumer<byte[]> then) {
        req.handler(chunk -> {
            if (over) {
                return;
            }
            if (body.length() + (long) chunk.length() > max) {
                over = true;
                HttpFront.send(req, Reply.text(413, "the body is over this node's limit of " + max + " bytes"), true);
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(done -> {
            if (!over) {
                then.accept(body.getBytes());
            }
        });
    }
}
