package org.mlos.core.kernel;

import java.util.concurrent.locks.LockSupport;

/** The calls of one epoch, which only ever decrease once the epoch is flipped away. */
public final class Drain {

    private final Epoch epoch;

    Drain(Epoch epoch) {
        this.epoch = epoch;
    }

    /** Calls of the epoch still in flight. */
    public long inFlight() {
        return epoch.inFlight.get();
    }

    /**
     * Waits until no call of the epoch is in flight; false if the deadline passed first.
     * Calls take nanoseconds, so it spins briefly; a call still in flight after that has most
     * likely been preempted, and on a busy machine the core it needs may be this one, so the
     * wait then sleeps in short steps rather than spin (yielding proved too weak on Linux).
     */
    public boolean await(long deadlineNanos) {
        int rounds = 0;
        while (epoch.inFlight.get() != 0) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            if (++rounds < 200) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(10_000);
            }
        }
        return true;
    }
}
