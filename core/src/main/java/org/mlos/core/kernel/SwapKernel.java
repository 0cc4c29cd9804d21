package org.mlos.core.kernel;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.KindInfo;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;

/**
 * The swap kernel without OSGi: kinds, their implementations, the active one, and swaps.
 *
 * <p>The OSGi binding feeds it implementations as services come and go; plain-Java users call
 * {@link #install}, {@link #handle} and {@link #swap} themselves.
 */
public final class SwapKernel implements Kernel {

    private static final System.Logger LOG = System.getLogger(SwapKernel.class.getName());

    private final KindSlots slots = new KindSlots();
    private final List<KindListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong order = new AtomicLong();
    private final KernelSettings settings;
    private final Preferences preferences;
    private final SwapRunner swaps;
    /** While {@link #installTogether} runs: implementations are added, none made active yet. */
    private volatile boolean gathering;
    private final InPlaceRestarts inPlace;
    private final KindConfigurations configurations;

    public SwapKernel() {
        this(KernelSettings.defaults());
    }

    public SwapKernel(KernelSettings settings) {
        this(settings, null);
    }

    /** With a given way of finding direct calls in flight (tests of the fallback); null: the JVM's best. */
    SwapKernel(KernelSettings settings, Quiescence quiescence) {
        this.settings = settings;
        this.preferences = new Preferences(settings);
        this.swaps = new SwapRunner(settings, quiescence);
        this.inPlace = new InPlaceRestarts(slots, preferences, swaps);
        this.configurations = new KindConfigurations(slots, preferences, swaps);
    }

    /** Told when a kind's handle appears or goes away (the OSGi binding registers it as a service). */
    public interface KindListener {
        void kindAdded(Class<?> kind, Object handle);

        void kindRemoved(Class<?> kind, Object handle);
    }

    public void addListener(KindListener listener) {
        listeners.add(listener);
    }

    public KernelSettings settings() {
        return settings;
    }

    // ---- handles and implementations ------------------------------------------------------

    /** The kind's handle, creating the kind (with no implementation yet) if it is new. */
    public <T> T handle(Class<T> kind) {
        KindSlot<T> slot = slot(kind);
        announce(slot);
        return slot.handle();
    }

    /**
     * Installs an implementation. The first implementation of a kind becomes active; a later one
     * becomes active only if it is the kind's preferred implementation (then the kernel swaps to
     * it, with its state).
     *
     * @return the swap report if installing it caused a swap, else null
     * @throws IllegalStateException if the kind already has a different implementation of that name
     */
    public <T> SwapReport install(Class<T> kind, String impl, T object, int ranking) {
        return install(kind, impl, object, ranking, () -> object);
    }

    /**
     * Installs an implementation fetched on first need: {@code source} is called (under the
     * kind's lock) only when the implementation is about to serve or to take part in a swap.
     * {@code token} identifies it to {@link #uninstall}.
     */
    public <T> SwapReport install(Class<T> kind, String impl, Object token, int ranking, Supplier<? extends T> source) {
        return install(kind, impl, token, ranking, order.incrementAndGet(), source);
    }

    /** As above, with the tie-breaker of equal rankings given (earlier wins): the framework's service id. */
    public <T> SwapReport install(Class<T> kind, String impl, Object token, int ranking, long order, Supplier<? extends T> source) {
        if (impl == null || impl.isBlank()) {
            throw new IllegalArgumentException("an implementation of " + kind.getName() + " needs a name");
        }
        KindSlot<T> slot = slot(kind);
        slot.lock().lock();
        try {
            return add(slot, impl, token, ranking, order, source);
        } finally {
            slot.lock().unlock();
            // Announced only now: listeners publish the handle, and a consumer that binds it
            // synchronously must find the first implementation already serving.
            if (!gathering) {
                announce(slot);
            }
        }
    }

    /**
     * Runs {@code installs} (the implementations already registered when the kernel starts), then
     * makes each kind's preferred implementation active, else its best by ranking and order, and
     * only then publishes the handles. Installed one by one, the first to arrive served: a restart
     * of the kernel's bundle began on whichever implementation the framework listed first, then
     * swapped to the preferred one, importing the first one's (empty) state into it, which had
     * held the kind's items all along (an outsider's counters read 0 after it).
     */
    public void installTogether(Runnable installs) {
        installTogether(installs, Map.of());
    }

    /**
     * As {@link #installTogether(Runnable)}, a kind found in {@code resume} (kind name to
     * implementation) starting on that implementation if it is among them: what served the kind
     * before a restart of the kernel within the same framework, which holds the kind's state (a
     * swap moved it there); starting on the preferred one instead served its emptied state.
     */
    public void installTogether(Runnable installs, Map<String, String> resume) {
        gathering = true;
        try {
            installs.run();
        } finally {
            gathering = false;
            for (KindSlot<?> slot : slots.all()) {
                activateBest(slot, resume.get(slot.name()));
                announce(slot);
            }
        }
    }

    private <T> void activateBest(KindSlot<T> slot, String resumed) {
        slot.lock().lock();
        try {
            if (slot.active() == null && slot.hasCandidates()) {
                String preferred = preferences.preferred(slot);
                if (resumed == null && !preferences.standinAllowed(slot) && slot.candidate(preferred) == null) {
                    slot.awaiting(preferred);
                    return;
                }
                Candidate<T> best = slot.firstObtainable(resumed != null && slot.candidate(resumed) != null ? resumed : preferred);
                if (best != null) {
                    if (best.name().equals(resumed) && !resumed.equals(preferred)) {
                        LOG.log(System.Logger.Level.INFO, "kind " + slot.name() + " resumes on implementation " + resumed
                                + ", which served it before the kernel restarted and holds its state" + (preferred == null ? ""
                                        : " (preferred: " + preferred + "; swap to it to move the state there)"));
                    }
                    slot.activate(best);
                    slot.asked(best.name().equals(resumed) && !resumed.equals(preferred)); // someone's swap put it there
                }
            }
        } finally {
            slot.lock().unlock();
        }
    }

    private <T> SwapReport add(KindSlot<T> slot, String impl, Object token, int ranking, long order, Supplier<? extends T> source) {
        Class<T> kind = slot.type();
        Candidate<T> existing = slot.candidate(impl);
        if (existing != null) {
            if (existing.token() == token) {
                return null;
            }
            throw new IllegalStateException("kind " + kind.getName() + " already has an implementation named "
                    + impl + "; give each implementation a distinct " + IMPL + " value");
        }
        Candidate<T> c = new Candidate<>(impl, token, ranking, order, source);
        slot.add(c);
        Candidate<T> active = slot.active();
        if (active == null) {
            if (gathering) {
                return null; // installTogether picks among all of them
            }
            String back = inPlace.awaited(slot.name());
            if (back != null) {
                if (back.equals(impl)) { // another waits: the one that served comes back
                    inPlace.servesAgain(slot, c);
                }
                return null;
            }
            String preferred = preferences.preferred(slot);
            if (!impl.equals(preferred) && !preferences.standinAllowed(slot) && slot.lastServedName() == null) {
                slot.awaiting(preferred); // installed, not serving: swapping to it stays possible
                return null;
            }
            slot.activate(c);
            return null;
        }
        if (impl.equals(preferences.preferred(slot)) && !active.name().equals(impl) && !inPlace.on(slot.name())
                && !slot.asked()) {
            return swaps.run(slot, active, c, "preferred-arrived", false, null);
        }
        return null;
    }

    /**
     * Removes an implementation. If it was active, the kernel swaps to the best remaining one,
     * moving the state if the two share a format (the old one still answers while this runs).
     *
     * @param token the object given to {@link #install} (or its token)
     * @return the swap report if removing it caused a swap, else null
     */
    public <T> SwapReport uninstall(Class<T> kind, String impl, Object token) {
        KindSlot<T> slot = slots.of(kind);
        if (slot == null) {
            return null;
        }
        slot.lock().lock();
        try {
            Candidate<T> removed = slot.remove(impl, token);
            if (removed == null || slot.active() != removed) {
                return null;
            }
            if (inPlace.on(slot.name())) {
                return inPlace.gone(slot, removed);
            }
            Candidate<T> next = slot.firstObtainable(preferences.preferred(slot));
            slot.asked(false); // whatever serves next is the kernel's pick: the preferred one replaces it as it comes back
            SwapReport r = swaps.run(slot, removed, next, "impl-removed", true, null);
            if (r.outcome() == SwapOutcome.REFUSED) {
                // The leaving implementation cannot stay active: switch without its state.
                slot.active(next);
                swaps.retire(slot, next == null ? null : next.impl());
                SwapReport forced = SwapReport.builder(slot.name()).from(removed.name())
                        .to(next == null ? null : next.name()).trigger("impl-removed")
                        .outcome(SwapOutcome.FORCED, SwapStep.NEGOTIATE, r.reason()).build();
                swaps.record(forced);
                LOG.log(System.Logger.Level.WARNING, forced.toLine());
                return forced;
            }
            return r;
        } finally {
            slot.lock().unlock();
        }
    }

    /**
     * The kinds named restart in place until the handle is closed ({@link Kernel#restartInPlace}):
     * see {@link InPlaceRestarts}.
     */
    @Override
    public InPlace restartInPlace(java.util.Collection<String> kinds) {
        return inPlace.begin(kinds);
    }

    /**
     * Removes an implementation without swapping away from it (the whole node is stopping). If it
     * was active, callers from now on find no implementation.
     */
    public <T> void forget(Class<T> kind, String impl, Object token) {
        KindSlot<T> slot = slots.of(kind);
        if (slot == null) {
            return;
        }
        slot.lock().lock();
        try {
            Candidate<T> removed = slot.remove(impl, token);
            if (removed != null && slot.active() == removed) {
                slot.active(null);
                swaps.retire(slot, null);
            }
        } finally {
            slot.lock().unlock();
        }
    }

    /** Forgets a kind whose interface is going away; its handle is withdrawn. */
    public void removeKind(Class<?> kind) {
        KindSlot<?> slot = slots.of(kind);
        if (slot != null && slots.remove(slot)) {
            slot.lock().lock();
            try {
                inPlace.slotRemoved(slot);
                slot.active(null);
                swaps.retire(slot, null);
            } finally {
                slot.lock().unlock();
            }
            for (KindListener l : listeners) {
                l.kindRemoved(kind, slot.handle());
            }
        }
    }

    // ---- configuration ----------------------------------------------------------------------

    /**
     * Applies a kind's configuration: its preferred implementation (swapped to now if installed),
     * how long callers wait when none is installed, and call counting.
     *
     * @return the swap report if the configuration caused a swap, else null
     */
    public SwapReport configure(String kind, KindPreference preference) {
        return configurations.configure(kind, preference);
    }

    /** Drops a kind's configuration; the profile default applies again (no swap happens). */
    public void unconfigure(String kind) {
        configurations.unconfigure(kind);
    }

    // ---- the Kernel service ---------------------------------------------------------------

    @Override
    public SwapReport swap(String kind, String impl) {
        return swap(kind, impl, "request");
    }

    @Override
    public SwapReport swap(String kind, String impl, String trigger) {
        return swap(kind, impl, trigger, null);
    }

    @Override
    public SwapReport swap(String kind, String impl, String trigger, Supplier<String> stop) {
        KindSlot<?> slot = slots.find(kind);
        if (slot == null) {
            throw new IllegalArgumentException("no kind named " + kind + "; known kinds: " + slots.names());
        }
        SwapReport report = swap(slot, impl, trigger == null || trigger.isBlank() ? "request" : trigger, stop);
        announce(slot); // a kind that awaited its preferred implementation serves from the one swapped to
        return report;
    }

    private <T> SwapReport swap(KindSlot<T> slot, String impl, String trigger, Supplier<String> stop) {
        slot.lock().lock();
        try {
            Candidate<T> to = slot.candidate(impl);
            if (to == null) {
                throw new IllegalArgumentException(slot.noImplementationNamed(impl));
            }
            Candidate<T> from = slot.active();
            if (from == to) {
                SwapReport r = SwapReport.builder(slot.name()).from(impl).to(impl)
                        .outcome(SwapOutcome.REFUSED, SwapStep.NEGOTIATE, impl + " is already active").build();
                swaps.record(r);
                return r;
            }
            if (from == null) {
                String instead = slot.standingInFor(impl);
                slot.activate(to);
                slot.asked(instead == null); // a stand-in for an awaited durable store still gives way to it
                SwapReport.Builder b = SwapReport.builder(slot.name()).to(impl);
                if (instead != null) {
                    b.outcome(SwapOutcome.COMPLETED, null, instead);
                }
                SwapReport r = b.build();
                swaps.record(r);
                if (instead != null) {
                    LOG.log(System.Logger.Level.WARNING, r.toLine());
                }
                return r;
            }
            SwapReport r = swaps.run(slot, from, to, trigger, false, stop);
            if (r.outcome().switched()) {
                slot.asked(true);
            }
            return r;
        } finally {
            slot.lock().unlock();
        }
    }

    @Override
    public Optional<String> checkSwap(String kind, String impl) {
        KindSlot<?> slot = slots.find(kind);
        if (slot == null) {
            return Optional.of("no kind named " + kind + "; known kinds: " + slots.names());
        }
        slot.lock().lock();
        try {
            return slot.refusalOf(impl);
        } finally {
            slot.lock().unlock();
        }
    }

    /** Which object holds each stateful kind's state now, to keep over a restart of the kernel ({@link StateHolders}). */
    public Map<String, StateHolders.Served> stateHolders() {
        return StateHolders.of(slots);
    }

    /** The kinds served by the implementation that served them before the kernel restarted, but by another object: kind to implementation. */
    public Map<String, String> servedByANewObject(Map<String, StateHolders.Served> before) {
        return StateHolders.servedByANewObject(slots, before);
    }

    /** Read without the kinds' locks, which a swap holds while it copies: a kind's figures are read during its swap too. */
    @Override
    public List<KindInfo> kinds() {
        return slots.all().stream().map(KindSlot::info).sorted(Comparator.comparing(KindInfo::kind)).toList();
    }

    @Override
    public Optional<KindInfo> kind(String kind) {
        return Optional.ofNullable(slots.find(kind)).map(KindSlot::info);
    }

    @Override
    public List<SwapReport> history() {
        return swaps.history();
    }

    @Override
    public List<org.mlos.core.api.SwapProgress> swapsInFlight() {
        return swaps.inFlight();
    }

    /** The step before a swap to {@code impl} while it is provided ({@link SwapsInFlight#providing}); run the action after. */
    public Runnable providing(String kind, String impl) {
        KindSlot<?> slot = slots.find(kind);
        return swaps.providing(slot == null ? kind : slot.name(), slot == null ? null : slot.active(), impl);
    }

    @Override
    public Optional<org.mlos.core.api.CallFigures> callFigures(String kind) {
        KindSlot<?> slot = slots.find(kind);
        return slot == null || !slot.gate().counting() ? Optional.empty() : Optional.of(slot.gate().figures());
    }

    // ---- internals ------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private <T> KindSlot<T> slot(Class<T> kind) {
        KindSlot<?> existing = slots.named(kind.getName());
        if (existing != null && existing.type() == kind) {
            return (KindSlot<T>) existing;
        }
        KindSlot<T> created = KindSlot.create(kind);
        KindSlot<?> raced = slots.compute(kind.getName(), (k, old) -> old != null && old.type() == kind ? old : created);
        if (raced == created) {
            if (existing != null) {
                for (KindListener l : listeners) {
                    l.kindRemoved(existing.type(), existing.handle());
                }
            }
            created.lock().lock();
            try {
                preferences.applyToGate(created);
            } finally {
                created.lock().unlock();
            }
            inPlace.slotCreated(created);
        }
        return (KindSlot<T>) raced;
    }

    /**
     * Publishes the kind's handle to the listeners, once. Not while the kind awaits its preferred
     * implementation with none serving: a consumer that needs the kind (the memcached server of a
     * durable node) then starts only once what may serve it does, instead of answering meanwhile.
     */
    private void announce(KindSlot<?> slot) {
        if (slot.awaitingWithNoneServing()) {
            return;
        }
        if (slot.markAnnounced()) {
            for (KindListener l : listeners) {
                l.kindAdded(slot.type(), slot.handle());
            }
        }
    }

    /** A kind's gate, for tests that must act at a given point of a swap. */
    CallGate<?> gate(String kind) {
        return slots.find(kind).gate();
    }
}
