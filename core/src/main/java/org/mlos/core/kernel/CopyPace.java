package org.mlos.core.kernel;

import java.util.concurrent.locks.LockSupport;

/**
 * A ceiling on how fast a live swap copies while the old implementation serves (setting
 * {@code mlos.kernel.copy.rate}, entries per second), as live VM migration caps its bandwidth:
 * the pre-copy then takes less of the node's cores from its callers, at the cost of a longer swap.
 * Never applied while callers are held.
 */
final class CopyPace {

    /** How many entries go between two looks at the clock. */
    static final int BATCH = 256;

    private final long perSecond;
    private long start;

    /** @param perSecond entries per second, at least 1 */
    CopyPace(long perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("a copy rate must be at least 1 entry per second, was " + perSecond);
        }
        this.perSecond = perSecond;
    }

    /** A pass begins: the ceiling counts from now. */
    void begin() {
        start = System.nanoTime();
    }

    /** After the {@code done}-th entry of the pass: waits until the pass is not ahead of the rate. */
    void after(long done) {
        if (done % BATCH != 0) {
            return;
        }
        long due = start + (long) (done * (1_000_000_000.0 / perSecond));
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
