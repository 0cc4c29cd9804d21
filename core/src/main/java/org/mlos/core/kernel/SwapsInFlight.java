package org.mlos.core.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mlos.core.api.SwapProgress;

/**
 * The swaps running now, one per kind at most (a kind's swaps run one after the other, under its
 * lock). A swap puts its tracker under its kind when it starts and takes it away when it ends,
 * whatever the outcome; the call path never touches this, and with no swap running it holds
 * nothing. Keyed by kind so that a read racing the end of one swap and the start of the next
 * sees one of the two, never both.
 */
final class SwapsInFlight {

    private final Map<String, SwapTracker> running = new ConcurrentHashMap<>();

    void started(SwapTracker t) {
        running.put(t.kind(), t);
    }

    /**
     * Shows the step before a swap of {@code kind} to {@code impl} while that implementation is
     * being provided (a remote instance opened on its node, which can take seconds): a swap in
     * phase {@code PROVIDING}, unless a swap of the kind runs already (that one stays shown; the
     * swap proper replaces this one when it starts). Run the returned action once the
     * implementation is provided, or could not be.
     */
    Runnable providing(String kind, Candidate<?> active, String impl) {
        SwapTracker t = new SwapTracker(kind, active == null ? "(none)" : active.name(), impl, "request");
        t.enter(SwapProgress.Phase.PROVIDING);
        running.putIfAbsent(kind, t);
        return () -> ended(t);
    }

    void ended(SwapTracker t) {
        running.remove(t.kind(), t);
    }

    /** The swaps running now, oldest first. */
    List<SwapProgress> snapshot() {
        List<SwapProgress> out = new ArrayList<>(running.size());
        for (SwapTracker t : running.values()) {
            out.add(t.snapshot());
        }
        out.sort(Comparator.comparingLong(SwapProgress::startedAtMillis).thenComparing(SwapProgress::kind));
        return out;
    }
}
