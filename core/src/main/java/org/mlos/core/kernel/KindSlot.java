package org.mlos.core.kernel;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.mlos.core.api.Kind;
import org.mlos.core.api.KindInfo;
import org.mlos.core.api.Mutates;

/**
 * One kind: its handle, its gate, its installed implementations and the active one. Changes to
 * candidates and swaps happen under {@link #lock}; callers never take it.
 */
final class KindSlot<T> {

    static final String HANDLE_SUFFIX = "$MlosHandle";

    private final Class<T> type;
    private final CallGate<T> gate;
    private final T handle;
    private final boolean stateless;
    private final boolean live;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Candidate<T>> candidates = new LinkedHashMap<>();
    private final AtomicInteger swaps = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean announced = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Candidate<T> active;
    /** The implementation that served last before none did: named to callers that find none. */
    private volatile String lastServed;
    /** The preferred implementation the kind waits for, no stand-in serving before it; null if none. */
    private volatile String awaited;
    /** {@link #candidateNames}: replaced (under the lock) at each change of the candidates. */
    private volatile List<String> names = List.of();

    private KindSlot(Class<T> type, CallGate<T> gate, T handle) {
        this.type = type;
        this.gate = gate;
        this.handle = handle;
        this.stateless = type.getAnnotation(Kind.class).stateless();
        this.live = marksMutations(type);
    }

    /** Creates the slot and its generated handle; fails with a message saying how to fix the kind. */
    static <T> KindSlot<T> create(Class<T> type) {
        if (!type.isInterface() || type.getAnnotation(Kind.class) == null) {
            throw new IllegalArgumentException(type.getName()
                    + " is not a service kind: annotate the interface with @org.mlos.core.api.Kind");
        }
        CallGate<T> gate = new CallGate<>(type.getName());
        KindSlot<T> slot = new KindSlot<>(type, gate, newHandle(type, gate));
        gate.absentMessage(slot::absentMessage);
        return slot;
    }

    /**
     * What a caller finding no implementation is told. One that served and went away (its bundle
     * stopped, or the node it ran on left: a front node's store on a store node that died) is
     * named: "install a bundle" sent the clients of a front node looking for a bundle they never
     * had to install.
     */
    private String absentMessage() {
        String gone = lastServed;
        String waitsFor = awaited;
        if (gone == null && waitsFor != null) {
            return "kind " + type.getSimpleName() + " serves no call until its implementation " + waitsFor + " starts (no"
                    + " other serves before it on this node: " + Preferences.STANDIN_PREFIX + type.getSimpleName()
                    + Preferences.STANDIN_SUFFIX + "=false); try again shortly";
        }
        if (gone == null) {
            return "no implementation of kind " + type.getName() + " is installed: install a bundle that registers"
                    + " one under " + type.getName() + " with the service property mlos.impl=<name> (or configure"
                    + " org.mlos.kind wait.ms to make callers wait for one)";
        }
        return "no implementation of kind " + type.getSimpleName() + " serves: " + gone + ", the last that did, went"
                + " away (its bundle stopped, or the node it ran on left); calls fail until another is installed or"
                + " comes back (configure org.mlos.kind wait.ms to make callers wait for one)";
    }

    private static <T> T newHandle(Class<T> type, CallGate<T> gate) {
        String name = type.getName() + HANDLE_SUFFIX;
        try {
            Class<?> handleClass = Class.forName(name, true, type.getClassLoader());
            Constructor<?> ctor = handleClass.getConstructor(org.mlos.core.handle.Gate.class);
            return type.cast(ctor.newInstance(gate));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("kind " + type.getName() + " has no generated handle " + name
                    + ": compile it with org.mlos.core on the class path so the kind processor runs", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the handle of kind " + type.getName(), e);
        }
    }

    private static boolean marksMutations(Class<?> type) {
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(Mutates.class)) {
                return true;
            }
        }
        return false;
    }

    Class<T> type() {
        return type;
    }

    String name() {
        return type.getName();
    }

    String simpleName() {
        return type.getSimpleName();
    }

    String handleClassName() {
        return type.getName() + HANDLE_SUFFIX;
    }

    CallGate<T> gate() {
        return gate;
    }

    T handle() {
        return handle;
    }

    boolean stateless() {
        return stateless;
    }

    boolean live() {
        return live;
    }

    ReentrantLock lock() {
        return lock;
    }

    Candidate<T> active() {
        return active;
    }

    void active(Candidate<T> c) {
        Candidate<T> before = active;
        if (c == null && before != null) {
            lastServed = before.name();
        }
        this.active = c;
    }

    /** Makes {@code c} serve, with no swap: nothing served before it. Under the lock. */
    void activate(Candidate<T> c) {
        active(c);
        gate.target(c.impl());
        gate.unmediate();
    }

    int countSwap() {
        return swaps.incrementAndGet();
    }

    // ---- candidates (callers hold the lock) ------------------------------------------------

    Candidate<T> candidate(String impl) {
        return candidates.get(impl);
    }

    void add(Candidate<T> c) {
        candidates.put(c.name(), c);
        names = sortedNames();
    }

    Candidate<T> remove(String impl, Object token) {
        Candidate<T> c = candidates.get(impl);
        if (c == null || c.token() != token) {
            return null;
        }
        Candidate<T> removed = candidates.remove(impl);
        names = sortedNames();
        return removed;
    }

    boolean hasCandidates() {
        return !candidates.isEmpty();
    }

    String noImplementationNamed(String impl) {
        return "kind " + name() + " has no implementation named " + impl + "; installed: " + candidateNames();
    }

    /**
     * Whether a swap to {@code impl} would go ahead now, changing nothing: empty if it would (or
     * if it is already active), else why it would be refused.
     */
    Optional<String> refusalOf(String impl) {
        Candidate<T> to = candidate(impl);
        if (to == null) {
            return Optional.of(noImplementationNamed(impl));
        }
        Candidate<T> from = active();
        if (from == null || from == to) {
            return Optional.empty();
        }
        try {
            to.impl();
            StatePlan.negotiate(this, from, to);
        } catch (StatePlan.NoCommonFormat e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            return Optional.of("implementation " + impl + " cannot be obtained: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** The candidates' names, sorted, as of the last change: readable without the lock. */
    List<String> candidateNames() {
        return names;
    }

    private List<String> sortedNames() {
        List<String> sorted = new ArrayList<>(candidates.keySet());
        sorted.sort(null);
        return List.copyOf(sorted);
    }

    /** Replacements in the order the kernel picks them on its own: the preferred one, then by ranking, then age. */
    /** The replacement the kernel picks on its own, skipping implementations that cannot be obtained. Under the lock. */
    Candidate<T> firstObtainable(String preferred) {
        for (Candidate<T> c : ranked(preferred)) {
            try {
                c.impl();
                return c;
            } catch (Throwable e) {
                System.getLogger(SwapKernel.class.getName()).log(System.Logger.Level.WARNING, "implementation " + c.name()
                        + " of " + name() + " cannot be obtained, skipped: " + e);
            }
        }
        return null;
    }

    List<Candidate<T>> ranked(String preferred) {
        List<Candidate<T>> order = new ArrayList<>(candidates.values());
        order.sort(Comparator.<Candidate<T>>comparingInt(Candidate::ranking).reversed()
                .thenComparingLong(Candidate::order));
        Candidate<T> p = preferred == null ? null : candidates.get(preferred);
        if (p != null) {
            order.remove(p);
            order.add(0, p);
        }
        return order;
    }

    /**
     * What the kind is now, read without the lock: a swap holds the lock for as long as it copies,
     * and {@code mlos kinds}, {@code /metrics} and the dashboard's kinds waited that long (seconds).
     */
    KindInfo info() {
        Candidate<T> a = active;
        return new KindInfo(name(), a == null ? null : a.name(), candidateNames(),
                gate.counting() ? gate.served() : -1, swaps.get(), stateless, live);
    }

    /** The implementation that served last before none did, or null if none has served yet. */
    String lastServedName() {
        return lastServed;
    }

    /** The kind waits for {@code impl}, its preferred implementation: no other is made active before it. */
    void awaiting(String impl) {
        awaited = impl;
    }

    /** Whether the kind waits for its preferred implementation with none serving: its handle is not published yet. */
    boolean awaitingWithNoneServing() {
        return awaited != null && active == null;
    }

    /**
     * Why {@code impl}, swapped to by hand while the kind waits for its preferred implementation
     * with none serving, is a stand-in the kind was told to go without; null if it is not one.
     * The swap itself is allowed (the operator may want the node to answer at all); a durable
     * node's operator must hear that what it acknowledges now is not yet durable.
     */
    String standingInFor(String impl) {
        String waitsFor = awaited;
        if (waitsFor == null || waitsFor.equals(impl)) {
            return null;
        }
        return impl + " serves while kind " + type.getSimpleName() + " waits for its preferred implementation " + waitsFor
                + " (" + Preferences.STANDIN_PREFIX + type.getSimpleName() + Preferences.STANDIN_SUFFIX + "=false): what "
                + impl + " takes meanwhile is kept by " + waitsFor + " only once " + waitsFor + " starts and the kernel"
                + " swaps to it (lost if it never does)";
    }

    /** True exactly once: the first time the kind is to be announced to kernel listeners. */
    boolean markAnnounced() {
        return announced.compareAndSet(false, true);
    }
}
