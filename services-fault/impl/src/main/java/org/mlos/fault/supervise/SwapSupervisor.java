package org.mlos.fault.supervise;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.fault.api.HealthCheck;
import org.mlos.fault.api.StorageRefusals;

/**
 * Supervision of swaps, as an OTP supervisor restarts a child: a completed swap stays on
 * probation for a while, during which the kind's health checks run; a failing check swaps back,
 * with state, to the implementation that served before (trigger {@value #TRIGGER}). At most N
 * automatic swap-backs of a kind in T seconds: the N-th pins the kind to the implementation it
 * went back to, and from then on a swap away from it is undone at once (trigger
 * {@value #PINNED}), each time logged.
 *
 * <p>Calls an implementation refused because its storage did ({@link StorageRefusals}: a durable
 * store's writes on a full disk) do not count against it and never swap it back: the probation
 * ends saying them ({@code probation kept}, not {@code passed}) and what the operator can do. An
 * outsider's durable store refused 75% of its writes on a full disk and "passed": the kernel does
 * not count calls by default, and the store's probe only reads.
 *
 * <p>Driven by {@link #poll()}: it reads the kernel's swap history, so it needs no hook in the
 * kernel, and sees every swap whoever asked for it. Not thread-safe by itself: one poller.
 */
public final class SwapSupervisor {

    public static final String TRIGGER = "probation-failed";
    /** The trigger of a rollout's swaps around a bundle update (the cluster's KindsAside). */
    static final String ROLLOUT = org.mlos.core.api.SwapReport.ROLLOUT;
    public static final String PINNED = "pinned";
    /**
     * The kernel's trigger when the implementation a node is configured for arrives and replaces
     * the stand-in that served until then (core's {@code SwapReport} lists the triggers).
     */
    static final String PREFERRED_ARRIVED = "preferred-arrived";

    private final Kernel kernel;
    private final SupervisionSettings settings;
    private final Function<String, List<HealthCheck>> checks;
    private final Places places;
    private final Refusals refusals;
    private final Events events;
    private final LongSupplier clock;
    private final Map<String, Probation> probations = new HashMap<>();
    private final Map<String, Deque<Long>> swapBacks = new HashMap<>();
    private final Map<String, String> pinned = new HashMap<>();
    private final CallFigureCheck figures;
    private SwapReport lastSeen;

    /**
     * Where the supervisor's lines go: each is journaled; a routine one (every swap report, and the
     * probation of a configured implementation replacing its stand-in, which every cache node's
     * start does) is logged at debug, a decision an operator may act on at info.
     */
    @FunctionalInterface
    public interface Events {
        void line(String line, boolean routine);
    }

    /**
     * @param speedComparable whether {@code from}'s speed is a fair measure of {@code to}'s
     * @param routine         whether the configured implementation arrived and replaced its stand-in
     *                        (every cache node's start does; a bundle installed later too)
     */
    private record Probation(String from, String to, long until, boolean speedComparable, boolean routine,
            long refusedBefore) {
    }

    /** What an implementation of a kind refused for its storage's sake, or null where it tells none. */
    @FunctionalInterface
    public interface Refusals {
        Refusals NONE_TOLD = (kind, impl) -> null;

        StorageRefusals of(String kind, String impl);
    }

    /**
     * Where an implementation of a kind says it runs ({@link Kernel#WHERE}): null or "" for this
     * node. A remote candidate's place is in its name ({@code impl@node}) and needs no telling.
     */
    @FunctionalInterface
    public interface Places {
        /** No implementation tells: only remote candidates, by their names, run elsewhere. */
        Places NONE_TOLD = (kind, impl) -> null;

        String of(String kind, String impl);
    }

    /** As below, with {@link Places#NONE_TOLD}. */
    public SwapSupervisor(Kernel kernel, SupervisionSettings settings, Function<String, List<HealthCheck>> checks,
            Events events, LongSupplier clock) {
        this(kernel, settings, checks, Places.NONE_TOLD, events, clock);
    }

    /**
     * @param checks the health checks of a kind (by its fully qualified name)
     * @param places where an implementation runs, for whether its speed compares with the one before
     * @param events every swap report seen and every decision, one line each
     * @param clock  milliseconds
     */
    public SwapSupervisor(Kernel kernel, SupervisionSettings settings, Function<String, List<HealthCheck>> checks,
            Places places, Events events, LongSupplier clock) {
        this(kernel, settings, checks, places, Refusals.NONE_TOLD, events, clock);
    }

    /** @param refusals what an implementation refused because its storage did */
    public SwapSupervisor(Kernel kernel, SupervisionSettings settings, Function<String, List<HealthCheck>> checks,
            Places places, Refusals refusals, Events events, LongSupplier clock) {
        this.kernel = kernel;
        this.places = places;
        this.refusals = refusals;
        this.settings = settings;
        this.checks = checks;
        this.events = events;
        this.clock = clock;
        this.figures = new CallFigureCheck(kernel, Math.max(1_000, settings.probationMillis()));
        List<SwapReport> h = kernel.history();
        lastSeen = h.isEmpty() ? null : h.get(h.size() - 1); // supervise what happens from now on
    }

    /** Takes in the swaps completed since the last poll and runs the health checks of kinds on probation. */
    public void poll() {
        figures.sample(clock.getAsLong());
        for (SwapReport r : newReports()) {
            events.line("swap " + r.toLine(), true);
            seen(r);
        }
        long now = clock.getAsLong();
        for (Map.Entry<String, Probation> e : List.copyOf(probations.entrySet())) {
            String kind = e.getKey();
            Probation p = e.getValue();
            String active = kernel.kind(kind).map(org.mlos.core.api.KindInfo::active).orElse(null);
            if (!p.to().equals(active)) {
                // gone from under its probation without a swap (the node stopping: the kernel forgot
                // it): nothing left to judge, no reason to swap back (at a node's stop the probe's read
                // found no implementation, and a probation-failed line told of a failure there was not)
                probations.remove(kind);
                figures.ended(kind);
                events.line("supervision kind=" + kind + " impl=" + p.to() + " probation ended: "
                        + (active == null ? "no implementation serves now" : active + " serves now"), true);
                continue;
            }
            String why = unhealthy(kind, p);
            if (why != null) {
                probations.remove(kind);
                figures.ended(kind);
                swapBack(kind, p, why, now);
            } else if (now >= p.until()) {
                probations.remove(kind);
                figures.ended(kind);
                long refused = refusedSince(kind, p);
                if (refused > 0) {
                    events.line(keptRefusing(kind, p, refused), false);
                } else {
                    events.line("supervision kind=" + kind + " impl=" + p.to() + " probation passed", p.routine());
                }
            }
        }
    }

    /** Kinds pinned, with the implementation each is pinned to. */
    public Map<String, String> pinned() {
        return Map.copyOf(pinned);
    }

    private List<SwapReport> newReports() {
        List<SwapReport> h = kernel.history();
        int from = 0;
        if (lastSeen != null) {
            for (int i = h.size() - 1; i >= 0; i--) {
                if (h.get(i) == lastSeen) {
                    from = i + 1;
                    break;
                }
            }
        }
        if (!h.isEmpty()) {
            lastSeen = h.get(h.size() - 1);
        }
        return h.subList(from, h.size());
    }

    private void seen(SwapReport r) {
        if (r.outcome() != SwapOutcome.COMPLETED || r.from() == null || r.to() == null || ROLLOUT.equals(r.trigger())) {
            return; // a rollout's move aside and back is for the length of a bundle update: no probation, no pin undoes it
        }
        String pin = pinned.get(r.kind());
        if (pin != null) {
            if (!pin.equals(r.to()) && !PINNED.equals(r.trigger())) {
                SwapReport back = kernel.swap(r.kind(), pin, PINNED);
                events.line("supervision kind=" + r.kind() + " pinned to " + pin + ": swap to " + r.to() + " undone, "
                        + back.outcome(), false);
            }
            return;
        }
        if (TRIGGER.equals(r.trigger()) || settings.probationMillis() == 0) {
            return; // going back to what served before needs no probation
        }
        boolean comparable = speedComparable(r);
        boolean routine = PREFERRED_ARRIVED.equals(r.trigger());
        StorageRefusals told = refusals.of(r.kind(), r.to());
        probations.put(r.kind(), new Probation(r.from(), r.to(), clock.getAsLong() + settings.probationMillis(), comparable,
                routine, told == null ? 0 : told.refused()));
        figures.swapped(r.kind());
        events.line("supervision kind=" + r.kind() + " impl=" + r.to() + " on probation for " + settings.probationMillis() + " ms"
                + (comparable ? "" : ", failures only: " + (PREFERRED_ARRIVED.equals(r.trigger())
                        ? "the configured implementation, replacing the stand-in " + r.from()
                        : "it does not run where " + r.from() + " ran (" + place(r.kind(), r.from()) + ", against "
                                + place(r.kind(), r.to()) + ")")
                        + ", so the speed before is no measure of it"), routine);
    }

    /**
     * Whether the implementation that served before a swap is a fair measure of the speed of the
     * one after it: not when the swap changed where the kind runs. A store moved to another node,
     * or to the cluster's members (the {@code hazelcast} store an operator swapped to), is a
     * network hop slower by design, and a configured cluster store replacing the heap map that
     * stood in until the node joined is too; judged by the speed of what they replaced, all were
     * swapped back (the stand-in's case leaving the node waiting for its configured
     * implementation for good: CI saw 18 ms reads of a hazelcast store just after the join, on a
     * loaded machine, against the heap's 60 us; an operator's swap to it came back 10 s after it
     * was told COMPLETED, leaving the cluster's nodes on different stores).
     */
    boolean speedComparable(SwapReport r) {
        return !PREFERRED_ARRIVED.equals(r.trigger()) && where(r.kind(), r.from()).equals(where(r.kind(), r.to()));
    }

    /** Where an implementation runs, in words. */
    private String place(String kind, String impl) {
        String where = where(kind, impl);
        return where.isEmpty() ? "this node" : impl.indexOf('@') >= 0 ? "node " + where : where;
    }

    /** The node part of {@code impl@node}, else where the implementation says it runs, "" for here. */
    private String where(String kind, String impl) {
        int at = impl.indexOf('@');
        if (at >= 0) {
            return impl.substring(at + 1);
        }
        String place = places.of(kind, impl);
        return place == null ? "" : place;
    }

    /** Calls the implementation on probation refused for its storage's sake since the swap. */
    private long refusedSince(String kind, Probation p) {
        StorageRefusals told = refusals.of(kind, p.to());
        return told == null ? 0 : Math.max(0, told.refused() - p.refusedBefore());
    }

    private String keptRefusing(String kind, Probation p, long refused) {
        StorageRefusals told = refusals.of(kind, p.to());
        String why = told == null ? null : told.lastReason();
        String simple = kind.substring(kind.lastIndexOf('.') + 1);
        return "supervision kind=" + kind + " impl=" + p.to() + " probation kept it, not passed: " + refused
                + (refused == 1 ? " call" : " calls") + " since the swap refused because its storage refused them"
                + (why == null ? "" : " (" + why + ")") + "; not swapped back: the fault is the storage's, and " + p.from()
                + " would take such calls without keeping them (a restart loses what it acknowledges): free the storage,"
                + " or choose to serve without it: mlos swap " + simple + " " + p.from();
    }

    private String unhealthy(String kind, Probation p) {
        String byCalls = figures.unhealthy(kind, p.speedComparable(), refusedSince(kind, p));
        if (byCalls != null) {
            return byCalls;
        }
        for (HealthCheck c : checks.apply(kind)) {
            try {
                String why = c.unhealthy(kind, p.to(), p.speedComparable());
                if (why != null) {
                    return why;
                }
            } catch (RuntimeException | Error e) {
                return "its health check failed: " + e;
            }
        }
        return null;
    }

    private void swapBack(String kind, Probation p, String why, long now) {
        boolean installed = kernel.kind(kind).map(k -> k.candidates().contains(p.from())).orElse(false);
        if (!installed) {
            // what served before left (its bundle stopped: the kernel fell back to this one, trigger
            // impl-removed): nothing to go back to, and no automatic swap-back to count
            events.line("supervision kind=" + kind + " impl=" + p.to() + " " + TRIGGER + ": " + why + "; stays: "
                    + p.from() + ", which served before, is no longer installed", false);
            return;
        }
        Deque<Long> times = swapBacks.computeIfAbsent(kind, k -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst() <= now - settings.windowMillis()) {
            times.pollFirst();
        }
        times.addLast(now);
        SwapReport back = kernel.swap(kind, p.from(), TRIGGER);
        events.line("supervision kind=" + kind + " impl=" + p.to() + " " + TRIGGER + ": " + why + "; swapped back to "
                + p.from() + ": " + back.outcome() + (back.reason() == null ? "" : " (" + back.reason() + ")"), false);
        if (times.size() >= settings.maxSwapBacks() && back.outcome() == SwapOutcome.COMPLETED) {
            pinned.put(kind, p.from());
            events.line("supervision kind=" + kind + " pinned to " + p.from() + " after " + times.size()
                    + " automatic swap-backs in " + settings.windowMillis() / 1000 + " s", false);
        }
    }
}
