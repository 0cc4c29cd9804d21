package org.mlos.bridge.http;

/**
 * What the front lets request bodies take: one body's bytes ({@code max}), all bodies' bytes at
 * once ({@code budget}, see {@link BodyBudget}), and time: a body has {@code graceMillis} and
 * one more second for every {@code minBytesPerSecond} bytes that come (Apache's mod_reqtimeout
 * measure), else it is answered 408. Without the time, a client that declares a long body and
 * sends a byte now and then holds its room in the budget for as long as it likes: the idle
 * timeout restarts with every byte. One that keeps the pace holds it as long as it needs: a
 * slow client is not told from a greedy one.
 */
record BodyLimits(long max, long budget, long graceMillis, long minBytesPerSecond) {

    static final long GRACE_MILLIS = 30_000;
    static final long MIN_BYTES_PER_SECOND = 64 * 1024;

    BodyLimits {
        if (max < 0 || budget < max || graceMillis <= 0 || minBytesPerSecond <= 0) {
            throw new IllegalArgumentException("body limits: want 0 <= max <= budget, grace and rate > 0; got " + max + ", "
                    + budget + ", " + graceMillis + " ms, " + minBytesPerSecond + " B/s");
        }
    }

    /** The node's: a quarter of the heap for all bodies, but at least one body's limit; the default pace. */
    static BodyLimits of(long max) {
        return new BodyLimits(max, Math.max(max, Runtime.getRuntime().maxMemory() / 4), GRACE_MILLIS, MIN_BYTES_PER_SECOND);
    }

    BodyLimits withBudget(long budget) {
        return new BodyLimits(max, budget, graceMillis, minBytesPerSecond);
    }

    BodyLimits withPace(long graceMillis, long minBytesPerSecond) {
        return new BodyLimits(max, budget, graceMillis, minBytesPerSecond);
    }

    /** How long a body that has brought {@code received} bytes so far may take in all. */
    long allowedMillis(long received) {
        return graceMillis + received * 1000 / minBytesPerSecond;
    }

    Reply tooLarge() {
        return Reply.text(413, "the body is over this node's limit of " + max + " bytes ("
                + org.mlos.bridge.api.BridgeProperties.FILE_MAX_BYTES + ")");
    }

    Reply tooSlow() {
        return Reply.text(408, "the body came too slowly: this node waits " + graceMillis + " ms ("
                + org.mlos.bridge.api.BridgeProperties.HTTP_BODY_GRACE_MS + ") for a body and one more second for every "
                + minBytesPerSecond + " bytes that come (" + org.mlos.bridge.api.BridgeProperties.HTTP_BODY_MIN_RATE
                + "); send it again faster, or in parts (POST appends)");
    }
}
