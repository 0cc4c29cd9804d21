package org.mlos.core.kernel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;

/**
 * The kinds restarting in place ({@link Kernel#restartInPlace}): while one is, its implementation
 * going leaves none serving, callers wait, and the one that served serves again as it comes back,
 * with no swap into another (the kernel's own pick could be the cluster's map) and no
 * {@code preferred-arrived} meanwhile.
 *
 * <p>Kept by kind name (a kind whose API bundle restarts gets a new slot of the same name), each
 * as many times as it was asked, with the implementation that served it as it went: the one the
 * kind waits for. One record a kind, changed atomically: two rollouts on one node may begin and
 * end them at once. The methods taking a slot run under its lock.
 */
final class InPlaceRestarts {

    private static final System.Logger LOG = System.getLogger(SwapKernel.class.getName());

    /** How long callers of a kind restarting in place wait for its implementation, at least: a restart takes a second or less. */
    static final long WAIT_MS = 10_000;

    /** How many restarts are open; the implementation that went (null: none yet) and whether it had been asked for. */
    private record Open(int count, String went, boolean asked) {
    }

    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private final KindSlots slots;
    private final Preferences preferences;
    private final SwapRunner swaps;

    InPlaceRestarts(KindSlots slots, Preferences preferences, SwapRunner swaps) {
        this.slots = slots;
        this.preferences = preferences;
        this.swaps = swaps;
    }

    /**
     * The kinds named restart in place until the handle is closed; closed, one still without an
     * implementation is left so, said (its implementation did not come back). Callers wait for the
     * implementation meanwhile, up to {@value #WAIT_MS} ms, more if the kind's configuration says so.
     */
    Kernel.InPlace begin(Collection<String> kinds) {
        List<String> names = new ArrayList<>();
        for (String k : kinds) {
            KindSlot<?> slot = slots.find(k); // all resolved before any begins: a name that throws leaves none begun
            if (slot != null && !names.contains(slot.name())) {
                names.add(slot.name());
            }
        }
        for (String name : names) {
            open.merge(name, new Open(1, null, false), (o, n) -> new Open(o.count() + 1, o.went(), o.asked()));
            waitsForItsImplementation(slots.named(name));
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                for (String name : names) {
                    if (end(name)) {
                        KindSlot<?> slot = slots.named(name); // a kind whose API bundle restarted has a new slot
                        if (slot != null) {
                            settle(slot);
                        }
                    }
                }
            }
        };
    }

    boolean on(String kind) {
        return open.containsKey(kind);
    }

    /** The implementation {@code kind} waits for (the one that went while it restarts in place), or null. */
    String awaited(String kind) {
        Open o = open.get(kind);
        return o == null ? null : o.went();
    }

    /** The active implementation of a kind restarting in place went: none serves until it is back, no state moved elsewhere. */
    <T> SwapReport gone(KindSlot<T> slot, Candidate<T> removed) {
        went(slot);
        slot.countSwap(); // a swap to none, as mlos kinds counts them
        slot.active(null);
        swaps.retire(slot, null);
        SwapReport r = SwapReport.builder(slot.name()).from(removed.name()).to(null).trigger(SwapReport.ROLLOUT)
                .outcome(SwapOutcome.FORCED, SwapStep.NEGOTIATE, "restarting in place: " + removed.name() + " serves again as"
                        + " it comes back, no other meanwhile, and its state is what it keeps on disk, if anything").build();
        swaps.record(r);
        LOG.log(System.Logger.Level.INFO, r.toLine());
        return r;
    }

    /** The slot of a kind restarting in place goes with its API bundle: the kind's next slot waits for the one that served. */
    void slotRemoved(KindSlot<?> slot) {
        if (slot.active() != null && on(slot.name())) {
            went(slot);
        }
    }

    /** A new slot of a kind restarting in place (its API bundle restarted): callers wait as for the old slot's. */
    void slotCreated(KindSlot<?> slot) {
        if (on(slot.name())) {
            waitsForItsImplementation(slot);
        }
    }

    /** The implementation of a kind restarting in place is back: it serves again, as it left off (empty, or from its disk). */
    <T> void servesAgain(KindSlot<T> slot, Candidate<T> c) {
        Open o = open.get(slot.name());
        slot.activate(c);
        slot.asked(o != null && o.asked()); // swapped to before it went: so is it as it comes back
        swaps.record(SwapReport.builder(slot.name()).to(c.name()).trigger(SwapReport.ROLLOUT).build());
        LOG.log(System.Logger.Level.INFO, "kind " + slot.name() + " serves again from " + c.name() + ", restarted in place");
    }

    private void went(KindSlot<?> slot) {
        String impl = slot.active().name();
        boolean asked = slot.asked();
        open.computeIfPresent(slot.name(), (k, o) -> new Open(o.count(), impl, asked));
    }

    /** Ends one restart of {@code kind}; true if it was the last one open. */
    private boolean end(String kind) {
        boolean[] last = new boolean[1];
        open.computeIfPresent(kind, (k, o) -> {
            last[0] = o.count() == 1;
            return last[0] ? null : new Open(o.count() - 1, o.went(), o.asked());
        });
        return last[0];
    }

    private void waitsForItsImplementation(KindSlot<?> slot) {
        if (slot == null) {
            return;
        }
        slot.lock().lock();
        try {
            slot.gate().waitForImplementation(Math.max(WAIT_MS, preferences.waitMillis(slot)));
        } finally {
            slot.lock().unlock();
        }
    }

    /** A kind whose restarts in place all ended: its configured wait again, and said if its implementation did not come back. */
    private void settle(KindSlot<?> slot) {
        slot.lock().lock();
        try {
            if (on(slot.name())) {
                return; // another restart in place began meanwhile: it settles the kind
            }
            preferences.applyToGate(slot);
            if (slot.active() != null || !slot.hasCandidates()) {
                return;
            }
            SwapReport r = SwapReport.builder(slot.name()).from(slot.lastServedName()).to(null).trigger(SwapReport.ROLLOUT)
                    .outcome(SwapOutcome.FORCED, SwapStep.NEGOTIATE, "its implementation did not come back after its restart"
                            + " in place: none serves it; swap it to one of " + slot.candidateNames()).build();
            swaps.record(r);
            LOG.log(System.Logger.Level.WARNING, r.toLine());
        } finally {
            slot.lock().unlock();
        }
    }
}
