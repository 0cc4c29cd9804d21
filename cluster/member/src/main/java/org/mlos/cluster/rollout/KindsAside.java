package org.mlos.cluster.rollout;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.KindInfo;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The kinds a bundle update takes away from under their callers, moved to another implementation
 * first and back once the new version serves, K42-style. An update restarts the bundle and every
 * bundle wired to it; the kernel then swapped each kind served from them as its implementation
 * went, and a swap forced on a going implementation loses the state if the import fails (an
 * outsider's ledger: 400 of 400 accounts wrong, the rollout said UPDATED), and an update of the
 * kind's API bundle restarted every implementation at once, the state with them (every node's
 * ledger emptied, UPDATED). Here a move that fails leaves the bundle as it was and its
 * implementation serving; a kind no implementation outside the restarted bundles can take is
 * refused unless the operator accepts that it restarts empty.
 */
final class KindsAside {

    /** A kind moved off {@code from}, to come back to it. */
    record Move(String kind, String from, String to) {
    }

    /** The update is not made; {@code getMessage()} says why. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why);
        }
    }

    private static final String TRIGGER = "rollout";

    private final BundleContext context;
    private final Kernel kernel;

    KindsAside(BundleContext context, Kernel kernel) {
        this.context = context;
        this.kernel = kernel;
    }

    /**
     * What an update restarts, by kind: its implementations there, the bundles holding them, and
     * whether the kind's own API bundle is among them (then no implementation can stay).
     */
    record Restart(Map<String, Set<String>> implementations, Map<String, Set<String>> holders, Set<String> ownApi) {
    }

    /** The kinds moved, and those the operator let restart empty (--restart-kinds). */
    record Plan(List<Move> moves, List<String> emptied) {
    }

    /**
     * Moves every kind served from the bundles an update restarts to an implementation outside
     * them; a kind none outside can take is refused (its state would go), unless {@code
     * restartKinds}, or it is stateless. Moves made before a refusal are moved back.
     */
    Plan moveAside(Collection<Bundle> restarting, boolean restartKinds) throws Refused {
        return moveAside(restart(restarting), restartKinds);
    }

    Plan moveAside(Restart restart, boolean restartKinds) throws Refused {
        List<Move> moves = new ArrayList<>();
        List<String> emptied = new ArrayList<>();
        for (KindInfo k : kernel.kinds()) {
            Set<String> going = restart.implementations().getOrDefault(k.kind(), Set.of());
            if (k.active() == null || !going.contains(k.active())) {
                continue;
            }
            String to = k.candidates().stream().filter(c -> !going.contains(c) && !c.contains("@")).findFirst().orElse(null);
            if (to == null) {
                if (k.stateless()) {
                    continue;
                }
                if (restartKinds) {
                    emptied.add(k.kind());
                    continue;
                }
                moveBack(moves);
                throw new Refused(lossRefused(k, restart));
            }
            SwapReport r = kernel.swap(k.kind(), to, TRIGGER);
            if (r.outcome() != SwapOutcome.COMPLETED) {
                moveBack(moves);
                throw new Refused("moving kind " + k.kind() + "'s state off " + k.active() + " (to " + to + ") before the"
                        + " update " + r.outcome() + (r.reason() == null ? "" : ": " + r.reason()) + "; " + k.active()
                        + " serves on, with its state");
            }
            moves.add(new Move(k.kind(), k.active(), to));
        }
        return new Plan(moves, emptied);
    }

    private static String lossRefused(KindInfo k, Restart restart) {
        String which = " (" + String.join(", ", k.candidates()) + "; " + k.active() + " serves it)";
        String holders = String.join(", ", restart.holders().getOrDefault(k.kind(), Set.of()));
        if (restart.ownApi().contains(k.kind())) {
            return "it restarts kind " + k.kind() + "'s own API bundle, and with it every implementation of the kind" + which
                    + ": its state would be lost, as none can hold it meanwhile. Roll out with --restart-kinds to accept"
                    + " that the kind starts empty on each node";
        }
        return "it restarts " + holders + ", which " + (holders.contains(",") ? "hold" : "holds") + " every implementation"
                + " of kind " + k.kind() + which + ": its state would be lost, as no other implementation can hold it"
                + " meanwhile. Install another implementation of it in a bundle of its own first (the kernel moves the state"
                + " there and back), or roll out with --restart-kinds to accept that the kind starts empty";
    }

    /** Each moved kind back to the implementation it left, if another serves it still; why one failed, or null. */
    String moveBack(List<Move> moves) {
        List<String> failed = new ArrayList<>();
        for (Move m : moves) {
            KindInfo now = kernel.kind(m.kind()).orElse(null);
            if (now == null || m.from().equals(now.active()) || !now.candidates().contains(m.from())) {
                continue; // back already (the kernel's preferred-arrived), or gone with a failed start (told apart)
            }
            SwapReport r = kernel.swap(m.kind(), m.from(), TRIGGER);
            if (r.outcome() != SwapOutcome.COMPLETED) {
                failed.add("kind " + m.kind() + " back to " + m.from() + ": " + r.outcome()
                        + (r.reason() == null ? "" : " (" + r.reason() + ")") + ", " + now.active() + " holding it meanwhile");
            }
        }
        return failed.isEmpty() ? null : String.join("; ", failed);
    }

    /** The swaps the kernel reported after {@code since} (the last report before; null: none) that went wrong. */
    static List<SwapReport> wrongSince(List<SwapReport> history, SwapReport since) {
        int from = 0;
        for (int i = history.size() - 1; i >= 0 && since != null; i--) {
            if (history.get(i) == since) {
                from = i + 1;
                break;
            }
        }
        List<SwapReport> out = new ArrayList<>();
        for (SwapReport r : history.subList(from, history.size())) {
            if (r.outcome() != SwapOutcome.COMPLETED && !(r.outcome() == SwapOutcome.REFUSED && r.reason() != null
                    && r.reason().contains("already active"))) {
                out.add(r);
            }
        }
        return out;
    }

    /** The last swap report now, or null. */
    SwapReport last() {
        List<SwapReport> h = kernel.history();
        return h.isEmpty() ? null : h.get(h.size() - 1);
    }

    List<SwapReport> wrongSince(SwapReport since) {
        return wrongSince(kernel.history(), since);
    }

    /** Kind name to the names of its implementations that {@code bundles} registered. */
    Map<String, Set<String>> implementations(Collection<Bundle> bundles) {
        return restart(bundles).implementations();
    }

    /** What restarting {@code bundles} restarts of the kinds. */
    Restart restart(Collection<Bundle> bundles) {
        Map<String, Set<String>> impls = new LinkedHashMap<>();
        Map<String, Set<String>> holders = new LinkedHashMap<>();
        Set<String> ownApi = new HashSet<>();
        ServiceReference<?>[] refs;
        try {
            // the filter names mlos.impl: the kernel's hook shows implementations to such a lookup
            refs = context.getAllServiceReferences(null, "(" + Kernel.IMPL + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Set<Long> ids = new HashSet<>();
        bundles.forEach(b -> ids.add(b.getBundleId()));
        for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
            Bundle owner = r.getBundle();
            if (owner != null && ids.contains(owner.getBundleId())) {
                for (String kind : (String[]) r.getProperty(Constants.OBJECTCLASS)) {
                    impls.computeIfAbsent(kind, k -> new HashSet<>()).add(String.valueOf(r.getProperty(Kernel.IMPL)));
                    holders.computeIfAbsent(kind, k -> new java.util.TreeSet<>()).add(owner.getSymbolicName());
                    Bundle api = apiOf(owner, kind);
                    if (api != null && ids.contains(api.getBundleId())) {
                        ownApi.add(kind);
                    }
                }
            }
        }
        return new Restart(impls, holders, ownApi);
    }

    /** The bundle whose class {@code kind} is, as {@code owner} sees it; null if it cannot tell. */
    private static Bundle apiOf(Bundle owner, String kind) {
        try {
            return org.osgi.framework.FrameworkUtil.getBundle(owner.loadClass(kind));
        } catch (ClassNotFoundException | IllegalStateException e) {
            return null;
        }
    }
}
