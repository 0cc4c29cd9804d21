package org.mlos.core.kernel;

import java.util.List;
import java.util.function.Supplier;

import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapProgress;
import org.mlos.core.api.SwapReport;

/**
 * Runs the kernel's swaps and retirements with what they share: the settings, the swaps in
 * flight, the history, and the way of finding calls in flight. The caller holds the kind's lock.
 */
final class SwapRunner {

    private static final System.Logger LOG = System.getLogger(SwapKernel.class.getName());

    private final KernelSettings settings;
    private final SwapHistory history;
    private final SwapsInFlight inFlight = new SwapsInFlight();
    /** Made on the first swap: the thread-dump machinery costs a node's boot ~tens of ms. */
    private volatile Quiescence quiescence;

    /** @param quiescence a given way of finding direct calls in flight (tests of the fallback); null: the JVM's best */
    SwapRunner(KernelSettings settings, Quiescence quiescence) {
        this.settings = settings;
        this.history = new SwapHistory(settings.historySize());
        this.quiescence = quiescence;
    }

    <T> SwapReport run(KindSlot<T> slot, Candidate<T> from, Candidate<T> to, String trigger, boolean forced,
            Supplier<String> stop) {
        slot.countSwap();
        SwapTracker tracker = new SwapTracker(slot.name(), from.name(), to == null ? null : to.name(), trigger);
        CopyPace pace = settings.copyRate() > 0 ? new CopyPace(settings.copyRate()) : null;
        inFlight.started(tracker);
        SwapReport report;
        try {
            report = new SwapProtocol<>(slot, from, to, trigger, forced, settings.drainMillis(), quiescence(), tracker,
                    pace, stop).run();
        } finally {
            inFlight.ended(tracker);
        }
        history.add(report);
        if (report.outcome() != SwapOutcome.COMPLETED) {
            LOG.log(System.Logger.Level.WARNING, report.toLine());
        }
        return report;
    }

    /** Lets the kind's old implementation go once its calls in flight have drained ({@link Retirement}). */
    <T> void retire(KindSlot<T> slot, T next) {
        Retirement.retire(slot, next, quiescence(), settings.drainMillis());
    }

    /** A swap decided without running one (refused, or a first activation). */
    void record(SwapReport report) {
        history.add(report);
    }

    List<SwapReport> history() {
        return history.all();
    }

    List<SwapProgress> inFlight() {
        return inFlight.snapshot();
    }

    /** The step before a swap to {@code impl} while it is provided ({@link SwapsInFlight#providing}); run the action after. */
    Runnable providing(String kind, Candidate<?> active, String impl) {
        return inFlight.providing(kind, active, impl);
    }

    private Quiescence quiescence() {
        Quiescence q = quiescence;
        if (q == null) {
            synchronized (this) {
                q = quiescence;
                if (q == null) {
                    q = Quiescence.forThisJvm();
                    quiescence = q;
                }
            }
        }
        return q;
    }
}
