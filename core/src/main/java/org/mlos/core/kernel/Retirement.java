package org.mlos.core.kernel;

import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Takes an implementation out of service without moving its state (the node is stopping, or its
 * kind is going away): the kind points at the next one, or at none, and the old object is left
 * only once no call is still running on it, or the drain time has passed.
 */
final class Retirement {

    private static final System.Logger LOG = System.getLogger(Retirement.class.getName());

    private Retirement() {
    }

    /** Points the kind at {@code next} (null: none) and waits, bounded, for the calls still on what served. */
    static <T> void retire(KindSlot<T> slot, T next, Quiescence quiescence, long drainMillis) {
        CallGate<T> gate = slot.gate();
        gate.target(next);
        gate.mediate();
        // Marked after the target changed: calls counted later can only see the new one.
        Drain before = gate.mark();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
        Quiescence.Result drained = quiescence.awaitNoDirectCalls(slot.handleClassName(), deadline);
        boolean mediatedDone = before.await(deadline);
        gate.unmediate();
        if (!drained.quiet() || !mediatedDone) {
            LOG.log(System.Logger.Level.WARNING, "calls on the retired implementation of " + slot.name()
                    + " still running after " + drainMillis + " ms (threads "
                    + drained.stuck().stream().map(Thread::getName).collect(Collectors.joining(", "))
                    + ", mediated " + before.inFlight() + ")");
        }
    }
}
