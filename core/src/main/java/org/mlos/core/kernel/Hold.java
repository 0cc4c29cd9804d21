package org.mlos.core.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One hold of a gate's new outer calls, and how long a call waits in it. While the swap waits for
 * the calls in flight the wait is the swap's (bounded by its drain time, after which it rolls back
 * and opens the hold); from {@link #bound} on, the swap's last steps run (the transfer's last part,
 * an import's check, a beforeServing), which nothing bounded: a beforeServing waiting on a call
 * the swap held held every caller of the kind for good. A call still held a drain time after
 * those steps began fails unapplied, so not lost.
 */
final class Hold {

    /** How often a held call looks at its bound, which may be set after it began to wait. */
    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile long deadline;
    private volatile boolean bounded;
    private volatile long boundNanos;

    /** Lets the held calls go. */
    void open() {
        latch.countDown();
    }

    /** From now on a held call waits at most {@code nanos} more. */
    void bound(long nanos) {
        boundNanos = nanos;
        deadline = System.nanoTime() + nanos;
        bounded = true;
    }

    /** Waits for {@link #open()}; false if the bound passed first. An interrupt does not end the wait. */
    boolean await() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (latch.await(LOOK_NANOS, TimeUnit.NANOSECONDS)) {
                        return true;
                    }
                    if (bounded && System.nanoTime() - deadline > 0) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    // a held call must not fail for it: finish waiting, then restore the interrupt
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    IllegalStateException heldTooLong(String kind) {
        return new IllegalStateException("a call on the " + kind + " handle was held by a swap of " + kind + " whose last"
                + " steps (transfer, check, beforeServing) ran past its drain time (" + TimeUnit.NANOSECONDS.toMillis(boundNanos)
                + " ms, mlos.kernel.drain.ms), and was not applied; call again (a swap step waiting on this call fails with"
                + " it, and the swap rolls back)");
    }
}
