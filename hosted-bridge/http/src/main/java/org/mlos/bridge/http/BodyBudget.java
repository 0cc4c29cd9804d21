package org.mlos.bridge.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap the front lets the bodies it is receiving take, all requests together: each body is
 * held whole until its answer is made (one sent chunked, as it grows, up to twice what came), so
 * without it fifty clients sending 48 MiB each would ask for 2.4 GB at once. A body that finds no
 * room is answered 503 and not kept.
 */
final class BodyBudget {

    private final long max;
    private final AtomicLong held = new AtomicLong();

    BodyBudget(long max) {
        this.max = max;
    }

    /** Takes {@code bytes} of the budget if they fit beside what is held. */
    boolean take(long bytes) {
        for (;;) {
            long now = held.get();
            if (now + bytes > max) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void give(long bytes) {
        held.addAndGet(-bytes);
    }

    long held() {
        return held.get();
    }

    long max() {
        return max;
    }

    /** The answer to a body that found no room. */
    Reply busy() {
        return Reply.text(503, "busy: the bodies this node is receiving take its " + max
                + " bytes for them; send it again shortly").with("Retry-After", "1");
    }
}
