package org.mlos.cluster.rollout;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.KindInfo;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The kinds a bundle update takes away from under their callers, moved to another implementation
 * first and back once the new version serves, K42-style. An update restarts the bundle and every
 * bundle wired to it; the kernel then swapped each kind served from them as its implementation
 * went, and a swap forced on a going implementation loses the state if the import fails (an
 * outsider's ledger: 400 of 400 accounts wrong, the rollout said UPDATED), and an update of the
 * kind's API bundle restarted every implementation at once, the state with them (every node's
 * ledger emptied, UPDATED). The whole plan is made before any swap: a kind no implementation that
 * stays, runs here and accepts the swap can hold refuses the update, with nothing moved, unless
 * the operator accepts that it restarts (--restart-kinds).
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

    /**
     * What an update restarts, by kind: its implementations there, the bundles holding them, and
     * whether the kind's own API bundle is among them (then no implementation can stay); and the
     * implementations that serve elsewhere ({@link Kernel#WHERE}), which no kind is moved to: a
     * cache node's store moved into the cluster's map took every node's items back with it.
     */
    record Restart(Map<String, Set<String>> implementations, Map<String, Set<String>> holders, Set<String> ownApi,
            Map<String, Set<String>> elsewhere, List<Held> held) {

        Restart(Map<String, Set<String>> implementations, Map<String, Set<String>> holders, Set<String> ownApi) {
            this(implementations, holders, ownApi, Map.of(), List.of());
        }

        Restart(Map<String, Set<String>> implementations, Map<String, Set<String>> holders, Set<String> ownApi,
                Map<String, Set<String>> elsewhere) {
            this(implementations, holders, ownApi, elsewhere, List.of());
        }
    }

    /**
     * Instances of an implementation the update restarts that a bundle outside it holds itself,
     * not through the kernel: no kind's move takes their state along. The remote kinds bundle holds
     * those this node hosts for other nodes ({@code heap@store}): a rollout on the store node ended
     * every cache node's store with it.
     */
    record Held(String kind, String impl, String holder) {

        boolean hostedForOtherNodes() {
            return REMOTE_HOST.equals(holder);
        }

        @Override
        public String toString() {
            return hostedForOtherNodes() ? "the instances of " + impl + " (kind " + kind + ") this node hosts for other nodes"
                    : "the instances of " + impl + " (kind " + kind + ") bundle " + holder + " holds itself";
        }
    }

    /** The bundle that hosts instances for other nodes' remote kinds. */
    static final String REMOTE_HOST = "org.mlos.cluster.remote";

    /**
     * The kinds moved, those the operator let restart (--restart-kinds), and the instances held
     * outside the kernel that the restart ends ({@link Held}), which the operator let go too.
     */
    record Plan(List<Move> moves, List<String> restarted, List<Held> ended) {

        Plan(List<Move> moves, List<String> restarted) {
            this(moves, restarted, List.of());
        }
    }

    /** The trigger of the swaps aside and back: the swap supervisor neither probates nor undoes them. */
    static final String TRIGGER = SwapReport.ROLLOUT;

    private final BundleContext context;
    private final Kernel kernel;
    /** This node's profile, which other nodes name its implementations by ({@code heap@store}); null if unknown. */
    private final String profile;

    KindsAside(BundleContext context, Kernel kernel) {
        this(context, kernel, null);
    }

    KindsAside(BundleContext context, Kernel kernel, String profile) {
        this.context = context;
        this.kernel = kernel;
        this.profile = profile;
    }

    Plan moveAside(Collection<Bundle> restarting, boolean restartKinds) throws Refused {
        return moveAside(restart(restarting), restartKinds);
    }

    /**
     * Moves every kind served from what the update restarts to an implementation that stays; a
     * kind none can take refuses the update before any swap, unless {@code restartKinds}, or it
     * is stateless. A move that fails moves back the ones made before it, and refuses.
     */
    Plan moveAside(Restart restart, boolean restartKinds) throws Refused {
        if (!restart.held().isEmpty() && !restartKinds) {
            throw new Refused(heldRefused(restart.held(), profile));
        }
        List<Move> planned = new ArrayList<>();
        List<String> restarted = new ArrayList<>();
        for (KindInfo k : kernel.kinds()) {
            Set<String> going = restart.implementations().getOrDefault(k.kind(), Set.of());
            if (k.active() == null || !going.contains(k.active())) {
                continue;
            }
            Set<String> away = restart.elsewhere().getOrDefault(k.kind(), Set.of());
            String preferred = preferred(k);
            String to = k.candidates().stream().filter(c -> !going.contains(c) && !away.contains(c) && !c.contains("@")
                    && kernel.checkSwap(k.kind(), c).isEmpty())
                    .min(java.util.Comparator.comparing(c -> !c.equals(preferred))).orElse(null);
            if (to != null) {
                planned.add(new Move(k.kind(), k.active(), to));
            } else if (k.stateless()) {
                continue; // nothing to lose: whatever the kernel swaps it to serves it meanwhile
            } else if (restartKinds) {
                restarted.add(k.kind());
            } else {
                throw new Refused(lossRefused(k, restart));
            }
        }
        List<Move> made = new ArrayList<>();
        for (Move m : planned) {
            SwapReport r = kernel.swap(m.kind(), m.to(), TRIGGER);
            if (r.outcome() != SwapOutcome.COMPLETED) {
                String back = moveBack(made);
                throw new Refused("moving kind " + m.kind() + "'s state off " + m.from() + " (to " + m.to() + ") before the"
                        + " update " + r.outcome() + (r.reason() == null ? "" : ": " + r.reason()) + "; " + m.from()
                        + " serves on, with its state" + (back == null ? "" : "; but " + back));
            }
            made.add(m);
        }
        return new Plan(made, restarted, restart.held());
    }

    /**
     * The node's default implementation of the kind ({@code mlos.kind.<kind>}), the one to park it
     * on when it stays: the first by name was {@code log}, which holds a fifth fewer items than
     * {@code heap} within the same capacity, and a full node's heap rollout evicted them.
     */
    private String preferred(KindInfo k) {
        if (context == null) {
            return null;
        }
        String p = context.getProperty(Kernel.DEFAULT_IMPL_PREFIX + k.kind());
        return p != null ? p.trim() : java.util.Objects.toString(context.getProperty(Kernel.DEFAULT_IMPL_PREFIX + k.simpleName()),
                "").trim();
    }

    private static String heldRefused(List<Held> held, String profile) {
        List<String> what = held.stream().map(Held::toString).distinct().toList();
        List<String> hosted = held.stream().filter(Held::hostedForOtherNodes).map(h -> h.impl() + "@"
                + (profile == null ? "<this node's profile>" : profile)).distinct().toList();
        boolean other = held.size() > held.stream().filter(Held::hostedForOtherNodes).count();
        return "it restarts " + String.join("; ", what) + ": they would end with it, and their state, which no move on this"
                + " node carries. " + (hosted.isEmpty() ? "" : "Swap those nodes' kind off " + String.join(", ", hosted)
                + " (or <implementation>@<this node's id>) first, as mlos kinds on each shows it (mlos swap <kind>"
                + " <another implementation>)") + (!hosted.isEmpty() && other ? "; " : "")
                + (other ? "Stop the bundles holding them first" : "") + ", or roll out with --restart-kinds to accept that"
                + " they end (" + (hosted.isEmpty() ? "their holders lose them"
                        : "each caller node fails over to an implementation of its own, empty") + ")";
    }

    private static String lossRefused(KindInfo k, Restart restart) {
        Set<String> going = restart.implementations().getOrDefault(k.kind(), Set.of());
        String which = " (" + String.join(", ", new TreeSet<>(going)) + "; " + k.active() + " serves it)";
        String holders = String.join(", ", restart.holders().getOrDefault(k.kind(), Set.of()));
        if (restart.ownApi().contains(k.kind())) {
            return "it restarts kind " + k.kind() + "'s own API bundle, and with it every implementation of the kind" + which
                    + ": its state would be lost, as none can hold it meanwhile. Roll out with --restart-kinds to accept"
                    + " that the kind restarts on each node (empty, unless its implementation keeps its state on disk)";
        }
        return "it restarts " + holders + ", which " + (holders.contains(",") ? "hold" : "holds") + " every implementation"
                + " of kind " + k.kind() + " that runs on this node" + which + ": its state would be lost, as no other can"
                + " hold it meanwhile. Install another implementation of it in a bundle of its own first (the kernel moves"
                + " the state there and back), or roll out with --restart-kinds to accept that the kind restarts (empty,"
                + " unless its implementation keeps its state on disk)";
    }

    /**
     * Each moved kind back to the implementation it left: why one could not come back, or null.
     * An implementation the new version no longer registers is a failure (the kind would stay on
     * the one it was moved to), so the update is undone.
     */
    String moveBack(List<Move> moves) {
        List<String> failed = new ArrayList<>();
        for (Move m : moves) {
            KindInfo now = kernel.kind(m.kind()).orElse(null);
            if (now != null && m.from().equals(now.active())) {
                continue; // back already: the kernel's preferred-arrived
            }
            if (now == null || !now.candidates().contains(m.from())) {
                failed.add("kind " + m.kind() + " back to " + m.from() + ": no bundle registers " + m.from() + " now"
                        + (now == null || now.active() == null ? "" : ", " + now.active() + " holding it meanwhile"));
                continue;
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

    /**
     * How long an update's implementations may take to register after its bundles started: a
     * component whose configuration or reference arrives on another thread registers later.
     */
    static final long BACK_WAIT_MS = 3_000;

    /**
     * Waits, at most {@code waitMs}, until each kind moved aside has its implementation registered
     * again and each kind restarted in place is served: checked at once, one registered a moment
     * after its bundle's start read as not back, and the update was restored.
     */
    void awaitBack(Plan plan, long waitMs) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(waitMs);
        try {
            while (!back(plan) && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller checks what is back and says what is not
        }
    }

    private boolean back(Plan plan) {
        for (Move m : plan.moves()) {
            KindInfo now = kernel.kind(m.kind()).orElse(null);
            if (now == null || !now.candidates().contains(m.from())) {
                return false;
            }
        }
        return notServedAgain(plan.restarted()) == null;
    }

    /**
     * Those of {@code restarted} (kinds let restart in place) served by no implementation now,
     * said; null if every one serves again. Left so, their callers would wait for one that is gone.
     */
    String notServedAgain(List<String> restarted) {
        List<String> none = new ArrayList<>();
        for (String kind : restarted) {
            KindInfo k = kernel.kind(kind).orElse(null);
            if (k != null && k.active() == null) {
                none.add("kind " + kind + ": its implementation did not come back");
            }
        }
        return none.isEmpty() ? null : String.join("; ", none);
    }

    /** {@code kinds} wait for their own implementation as the update restarts it ({@link Kernel#restartInPlace}). */
    Kernel.InPlace restartInPlace(List<String> kinds) {
        return kernel.restartInPlace(kinds);
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

    /**
     * What restarting {@code bundles} restarts of the kinds: the implementations they register,
     * and those that go with a service of theirs ({@link RestartScope}: a durable store over a
     * slab store of the restarted bundle goes with it).
     */
    Restart restart(Collection<Bundle> bundles) {
        Bundle core = kernel == null ? null : FrameworkUtil.getBundle(kernel.getClass());
        RestartScope scope = RestartScope.of(context, bundles, core);
        Map<String, Set<String>> impls = new LinkedHashMap<>();
        Map<String, Set<String>> holders = new LinkedHashMap<>();
        Map<String, Set<String>> elsewhere = new LinkedHashMap<>();
        Set<String> ownApi = new HashSet<>();
        List<Held> held = new ArrayList<>();
        for (ServiceReference<?> r : implementationRefs()) {
            Bundle owner = r.getBundle();
            if (owner == null) {
                continue;
            }
            for (String kind : (String[]) r.getProperty(Constants.OBJECTCLASS)) {
                String name = String.valueOf(r.getProperty(Kernel.IMPL));
                if (r.getProperty(Kernel.WHERE) != null) {
                    elsewhere.computeIfAbsent(kind, k -> new HashSet<>()).add(name);
                }
                if (scope.restarts(r)) {
                    impls.computeIfAbsent(kind, k -> new HashSet<>()).add(name);
                    holders.computeIfAbsent(kind, k -> new TreeSet<>()).add(owner.getSymbolicName());
                    Bundle api = apiOf(owner, kind);
                    if (api != null && scope.restartsPartOf(api)) {
                        ownApi.add(kind);
                    }
                    heldOutside(r, scope, core).forEach(user -> held.add(new Held(kind, name, user)));
                }
            }
        }
        return new Restart(impls, holders, ownApi, elsewhere, held);
    }

    /**
     * The bundles that hold an instance of the implementation service {@code r} and keep running
     * as it goes, and the remote host wherever it is (restarting, it ends what it hosts too); the
     * kernel's bundle aside (its instance is the one a kind's move empties).
     */
    private static Set<String> heldOutside(ServiceReference<?> r, RestartScope scope, Bundle core) {
        Bundle[] users = r.getUsingBundles();
        Set<String> out = new TreeSet<>();
        for (Bundle u : users == null ? new Bundle[0] : users) {
            boolean outside = !scope.restartsPartOf(u) || REMOTE_HOST.equals(u.getSymbolicName());
            if (outside && u.getBundleId() != 0 && (core == null || u.getBundleId() != core.getBundleId())) {
                out.add(u.getSymbolicName() == null ? "#" + u.getBundleId() : u.getSymbolicName());
            }
        }
        return out;
    }

    private ServiceReference<?>[] implementationRefs() {
        try {
            // the filter names mlos.impl: the kernel's hook shows implementations to such a lookup
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(" + Kernel.IMPL + "=*)");
            return refs == null ? new ServiceReference<?>[0] : refs;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bundle whose class {@code kind} is, as {@code owner} sees it; null if it cannot tell. */
    private static Bundle apiOf(Bundle owner, String kind) {
        try {
            return FrameworkUtil.getBundle(owner.loadClass(kind));
        } catch (ClassNotFoundException | IllegalStateException e) {
            return null;
        }
    }

    /** Why an update that restarts {@code bundles} (its dependency closure) cannot be made from this node, or empty. */
    Optional<String> restartsItsOwnRunner(Collection<Bundle> bundles) {
        Set<Long> ids = new HashSet<>();
        bundles.forEach(b -> ids.add(b.getBundleId()));
        List<String> runners = new ArrayList<>();
        Bundle core = FrameworkUtil.getBundle(kernel.getClass());
        for (Bundle b : core == null ? List.of(context.getBundle()) : List.of(context.getBundle(), core)) {
            if (ids.contains(b.getBundleId()) && !runners.contains(b.getSymbolicName())) {
                runners.add(b.getSymbolicName());
            }
        }
        return runners.isEmpty() ? Optional.empty() : Optional.of("it restarts " + String.join(" and ", runners)
                + (runners.size() == 1 ? ", which carries" : ", which carry") + " the rollout out on this node (its cluster"
                + " member, its kernel): the node would leave the"
                + " cluster in the middle of it and its answer be lost. Start the nodes on a build with the new version instead");
    }
}
