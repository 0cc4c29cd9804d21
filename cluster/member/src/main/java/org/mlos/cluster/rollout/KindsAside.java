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
     * Moves every kind served from {@code restarting} to an implementation outside them; a kind
     * none outside can take is refused (its state would go), unless {@code restartKinds}, or it
     * is stateless. Moves made before a refusal are moved back.
     *
     * @return the moves made, to undo with {@link #moveBack}
     */
    List<Move> moveAside(Collection<Bundle> restarting, boolean restartKinds) throws Refused {
        return moveAside(implementations(restarting), names(restarting), restartKinds);
    }

    /**
     * @param inside the implementations the update restarts, by kind
     * @param restarting the bundles it restarts, as the refusal names them
     */
    List<Move> moveAside(Map<String, Set<String>> inside, String restarting, boolean restartKinds) throws Refused {
        List<Move> moves = new ArrayList<>();
        for (KindInfo k : kernel.kinds()) {
            Set<String> going = inside.getOrDefault(k.kind(), Set.of());
            if (k.active() == null || !going.contains(k.active())) {
                continue;
            }
            String to = k.candidates().stream().filter(c -> !going.contains(c) && !c.contains("@")).findFirst().orElse(null);
            if (to == null) {
                if (k.stateless() || restartKinds) {
                    continue;
                }
                moveBack(moves);
                throw new Refused("it restarts " + restarting + ", which hold every implementation of kind " + k.kind()
                        + " (" + String.join(", ", k.candidates()) + "; " + k.active() + " serves it): its state would be"
                        + " lost, as no other implementation can hold it meanwhile. Install another implementation of it in a"
                        + " bundle of its own first (the kernel moves the state there and back), or roll out with"
                        + " --restart-kinds to accept that the kind starts empty");
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
        return moves;
    }

    /** Each moved kind back to the implementation it left, if it serves the other still; why one failed, or null. */
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
                        + (r.reason() == null ? "" : " (" + r.reason() + ")") + "; " + now.active() + " serves it, with its state");
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
        Map<String, Set<String>> out = new LinkedHashMap<>();
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
                    out.computeIfAbsent(kind, k -> new HashSet<>()).add(String.valueOf(r.getProperty(Kernel.IMPL)));
                }
            }
        }
        return out;
    }

    private static String names(Collection<Bundle> bundles) {
        List<String> n = new ArrayList<>();
        bundles.forEach(b -> n.add(b.getSymbolicName()));
        return String.join(", ", n);
    }
}
