package org.mlos.core.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One hold of a gate's new outer calls (a swap's last steps), and how long a call waits in it: the
 * swap's drain time. Those steps (the transfer's last part, an import's check, a beforeServing
 * waiting on a call the swap holds) had no bound, and every caller of the kind waited with them,
 * for good if a step never returned. A call held past the bound fails unapplied, so not lost.
 */
final class Hold {

    private final CountDownLatch latch = new CountDownLatch(1);
    private final long boundNanos;

    Hold(long boundNanos) {
        this.boundNanos = boundNanos;
    }

    /** Lets the held calls go. */
    void open() {
        latch.countDown();
    }

    /** Waits for {@link #open()}, at most the bound; false if it did not come. An interrupt does not end the wait. */
    boolean await() {
        long deadline = System.nanoTime() + boundNanos;
        boolean interrupted = false;
        boolean opened;
        while (true) {
            try {
                opened = latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                // a held call must not fail for it: finish waiting, then restore the interrupt
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return opened;
    }

    IllegalStateException heldTooLong(String kind) {
        return new IllegalStateException("a call on the " + kind + " handle was held " + TimeUnit.NANOSECONDS.toMillis(boundNanos)
                + " ms by a swap of " + kind + " still transferring or checking its state (its drain time,"
                + " mlos.kernel.drain.ms) and was not applied; call again (a swap step waiting on this call"
                + " fails with it, and the swap rolls back)");
    }
}
