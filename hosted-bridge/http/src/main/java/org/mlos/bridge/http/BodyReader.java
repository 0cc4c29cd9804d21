package org.mlos.bridge.http;

import java.util.function.Consumer;

import io.vertx.core.http.HttpServerRequest;

/**
 * Gathers a request's body up to a limit, taking its room in the front's {@link BodyBudget} as it
 * comes (or up front, for a length said in advance). A body sent without a length (chunked) that
 * passes the limit or finds no room is refused as it does, not once it has all arrived. Runs on
 * the request's event loop, as do {@link #release} and what it calls.
 */
final class BodyReader {

    private final HttpServerRequest req;
    private final long max;
    private final BodyBudget budget;
    /** What came so far. */
    private byte[] body = new byte[0];
    private int length;
    /** The budget's bytes this body holds until {@link #release}. */
    private long held;
    private boolean refused;

    BodyReader(HttpServerRequest req, long max, BodyBudget budget) {
        this.req = req;
        this.max = max;
        this.budget = budget;
    }

    /** Takes the room a body of {@code declared} bytes needs; false when the budget has none. */
    boolean reserve(long declared) {
        if (declared <= held) {
            return true;
        }
        if (!budget.take(declared - held)) {
            return false;
        }
        held = declared;
        return true;
    }

    /** Reads the body; {@code then} gets it whole, or {@code refuse} the answer to a body refused midway. */
    void whenRead(Consumer<byte[]> then, Consumer<Reply> refuse) {
        req.handler(chunk -> {
            if (refused) {
                return;
            }
            long after = length + (long) chunk.length();
            if (after > max) {
                refuse(tooLarge(max), refuse);
                return;
            }
            if (after > body.length) {
                // at once to a length said up front (its room is held already), else doubling: the budget holds what is allocated
                long capacity = Math.min(max, Math.max(after, Math.max(held, 2L * body.length)));
                if (!reserve(capacity)) {
                    refuse(budget.busy(), refuse);
                    return;
                }
                body = java.util.Arrays.copyOf(body, (int) capacity);
            }
            chunk.getBytes(0, chunk.length(), body, length);
            length = (int) after;
        });
        // the connection went before the body ended: no answer will release it
        req.exceptionHandler(e -> release());
        req.endHandler(done -> {
            if (!refused) {
                byte[] whole = length == body.length ? body : java.util.Arrays.copyOf(body, length);
                body = null;
                then.accept(whole);
            }
        });
    }

    private void refuse(Reply why, Consumer<Reply> refuse) {
        refused = true;
        body = null;
        release();
        refuse.accept(why);
    }

    /** Gives the body's room back; once it is answered, or refused. Again is a no-op. */
    void release() {
        budget.give(held);
        held = 0;
    }

    static Reply tooLarge(long max) {
        return Reply.text(413, "the body is over this node's limit of " + max + " bytes ("
                + org.mlos.bridge.api.BridgeProperties.FILE_MAX_BYTES + ")");
    }
}
