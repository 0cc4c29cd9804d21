package org.mlos.bridge.http;

import java.util.Arrays;
import java.util.function.Consumer;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Gathers a request's body within its {@link BodyLimits}, taking its room in the front's
 * {@link BodyBudget} as it comes (or up front, for a length said in advance). A body sent without
 * a length (chunked) that passes the limit or finds no room is refused as it does, not once it has
 * all arrived; one that comes slower than the limits' pace is refused when it falls behind. Runs
 * on the request's event loop, as do {@link #release} and what it calls.
 */
final class BodyReader {

    private final Vertx vertx;
    private final HttpServerRequest req;
    private final BodyLimits limits;
    private final BodyBudget budget;
    private final long started = System.nanoTime();
    /** What came so far. */
    private byte[] body = new byte[0];
    private int length;
    /** The budget's bytes this body holds until {@link #release}. */
    private long held;
    /** Refused, released or gone: what still comes is dropped, and nothing is answered from here. */
    private boolean done;
    private long paceTimer = -1;

    BodyReader(Vertx vertx, HttpServerRequest req, BodyLimits limits, BodyBudget budget) {
        this.vertx = vertx;
        this.req = req;
        this.limits = limits;
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
            if (done) {
                return;
            }
            long after = length + (long) chunk.length();
            if (after > limits.max()) {
                refuse(limits.tooLarge(), refuse);
                return;
            }
            if (after > body.length) {
                // at once to a length said up front (its room is held already), else doubling: the budget holds what is allocated
                long capacity = Math.min(limits.max(), Math.max(after, Math.max(held, 2L * body.length)));
                if (!reserve(capacity)) {
                    refuse(budget.busy(), refuse);
                    return;
                }
                body = Arrays.copyOf(body, (int) capacity);
            }
            chunk.getBytes(0, chunk.length(), body, length);
            length = (int) after;
        });
        // the connection went before the body ended: no answer will release it
        req.exceptionHandler(e -> release());
        req.endHandler(v -> {
            if (!done) {
                vertx.cancelTimer(paceTimer);
                byte[] whole = length == body.length ? body : Arrays.copyOf(body, length);
                body = null;
                try {
                    then.accept(whole);
                } catch (RuntimeException e) {
                    refuse(Failures.reply(e), refuse); // nothing else would release it
                }
            }
        });
        if (held > 0 || req.headers().contains("Transfer-Encoding")) {
            keepPace(refuse); // a request with no body (a GET) needs no timer
        }
    }

    /** Checks the body's pace when its time, as far as it has come, is up; refuses it if it is behind by then. */
    private void keepPace(Consumer<Reply> refuse) {
        long left = limits.allowedMillis(length) - (System.nanoTime() - started) / 1_000_000;
        if (left > 0) {
            paceTimer = vertx.setTimer(left, t -> {
                if (!done && !req.isEnded()) {
                    keepPace(refuse);
                }
            });
        } else {
            refuse(limits.tooSlow(), refuse);
        }
    }

    private void refuse(Reply why, Consumer<Reply> refuse) {
        release();
        refuse.accept(why);
    }

    /** Gives the body's room back and drops what it had; once it is answered, refused or gone. Again is a no-op. */
    void release() {
        done = true;
        body = null;
        vertx.cancelTimer(paceTimer);
        budget.give(held);
        held = 0;
    }
}
