package org.mlos.cluster.rollout;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.mlos.cluster.node.TaskOutcome;
import org.mlos.core.api.Kernel;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installs or updates one bundle in the local framework, and puts things back as they were if
 * the bundle does not resolve or start, or its implementations do not serve: a new bundle is
 * uninstalled, an updated one gets its previous content back. The kinds an update takes away
 * from under their callers are moved aside first and back after ({@link KindsAside}).
 */
final class BundleInstaller {

    /** How a local install ended. */
    record Outcome(TaskOutcome outcome, String reason) {
    }

    private final BundleContext context;
    /** The kinds moved off the bundles an update restarts; null on a node without a kernel. */
    private final KindsAside aside;

    /** @param profile this node's profile, which other nodes name the implementations it hosts by */
    BundleInstaller(BundleContext context, Kernel kernel, String profile) {
        this.context = context;
        this.aside = kernel == null ? null : new KindsAside(context, kernel, profile);
    }

    /**
     * @param restartKinds whether a kind whose every implementation the update restarts may start
     *        empty (the operator's --restart-kinds); else such an update is refused
     */
    Outcome install(BundleJar jar, byte[] bytes, boolean restartKinds) {
        Bundle existing = find(jar.symbolicName());
        return existing == null ? installNew(jar, bytes) : update(existing, jar, bytes, restartKinds);
    }

    private Outcome installNew(BundleJar jar, byte[] bytes) {
        Bundle b;
        try {
            b = context.installBundle("mlos-rollout:" + jar.symbolicName() + "@" + jar.sha256(), new ByteArrayInputStream(bytes));
        } catch (BundleException e) {
            return told(null, jar, new Outcome(TaskOutcome.FAILED, "install failed: " + e.getMessage()));
        }
        SwapReport since = aside == null ? null : aside.last();
        String failure = start(b);
        if (failure == null) {
            failure = refusedItsOwn(b, since);
        }
        if (failure != null) {
            try {
                b.uninstall();
            } catch (BundleException ignored) {
                // it is going away with the failure reported
            }
            refresh(List.of(b));
            return told(b, jar, new Outcome(TaskOutcome.FAILED, failure + "; uninstalled it again"));
        }
        RolloutContent.put(b.getBundleId(), bytes);
        return told(b, jar, new Outcome(TaskOutcome.INSTALLED, null));
    }

    private Outcome update(Bundle existing, BundleJar jar, byte[] bytes, boolean restartKinds) {
        byte[] previous = content(existing);
        if (previous != null && BundleJar.sha256(previous).equals(jar.sha256())) {
            return told(existing, jar, new Outcome(TaskOutcome.UNCHANGED, null));
        }
        if (previous == null) {
            return told(existing, jar, new Outcome(TaskOutcome.FAILED, "cannot read the installed " + jar.symbolicName() + " ("
                    + existing.getLocation() + ") to restore it should the update fail; not updating it"));
        }
        List<Bundle> closure = List.copyOf(wiring().getDependencyClosure(List.of(existing)));
        List<Bundle> activeBefore = closure.stream().filter(b -> b.getState() == Bundle.ACTIVE).toList();
        SwapReport since = aside == null ? null : aside.last();
        KindsAside.Plan plan = new KindsAside.Plan(List.of(), List.of());
        if (aside != null) {
            try {
                java.util.Optional<String> runner = aside.restartsItsOwnRunner(closure);
                if (runner.isPresent()) {
                    throw new KindsAside.Refused(runner.get());
                }
                plan = aside.moveAside(closure, restartKinds);
            } catch (KindsAside.Refused r) {
                return told(existing, jar, new Outcome(TaskOutcome.REFUSED, "not updated: " + r.getMessage()));
            }
        }
        // the kinds let restart wait for their own implementation: swapped into the cluster's map
        // as a cache node's store went, its items merged into every other node's, and back with theirs
        try (Kernel.InPlace inPlace = aside == null ? () -> { } : aside.restartInPlace(plan.restarted())) {
            return told(existing, jar, updateWith(existing, bytes, previous, closure, activeBefore, plan, since));
        }
    }

    private Outcome updateWith(Bundle existing, byte[] bytes, byte[] previous, List<Bundle> closure, List<Bundle> activeBefore,
            KindsAside.Plan plan, SwapReport since) {
        String failure = updateTo(existing, bytes);
        if (failure == null) {
            failure = startAgain(activeBefore, existing);
        }
        if (failure == null && aside != null) {
            aside.awaitBack(plan, KindsAside.BACK_WAIT_MS);
            failure = aside.moveBack(plan.moves());
            String notBack = aside.notServedAgain(plan.restarted());
            failure = failure == null && notBack == null ? null : "the new version does not take its kinds back: "
                    + (failure == null ? notBack : notBack == null ? failure : failure + "; " + notBack);
        }
        String restarted = accepted(plan);
        if (failure == null) {
            RolloutContent.put(existing.getBundleId(), bytes);
            String lost = lost(since, plan.restarted());
            return lost == null ? new Outcome(TaskOutcome.UPDATED, restarted)
                    : new Outcome(TaskOutcome.FORCED, "updated, but " + lost + (restarted == null ? "" : "; " + restarted));
        }
        return restore(existing, closure, activeBefore, previous, plan, failure, since);
    }

    /**
     * Starts those of {@code activeBefore} (the update's closure, active before it) that are not
     * active now: a refresh restarts only the bundles active as it begins, and a dependant left
     * unresolved by a failed version (a bundle importing from it, e.g. the stores from org.mlos.mem.store) stayed down
     * after the previous version came back, the rollout saying "restored". What failed, or null.
     */
    private String startAgain(List<Bundle> activeBefore, Bundle updated) {
        List<String> down = new java.util.ArrayList<>();
        for (Bundle b : activeBefore) {
            if (b.getState() != Bundle.ACTIVE && b.getState() != Bundle.UNINSTALLED) {
                String failure = start(b);
                if (failure != null) {
                    down.add(b.getSymbolicName() + " " + failure);
                }
            }
        }
        return down.isEmpty() ? null : (down.size() == 1 ? "a bundle" : "bundles") + " wired to " + updated.getSymbolicName()
                + " did not start again: " + String.join("; ", down);
    }

    /**
     * Puts the previous version back after {@code failure}: the kinds the new version took back
     * are moved aside again first (its stop would have forced them off), then every moved kind
     * back to the previous version's implementations.
     */
    private Outcome restore(Bundle existing, List<Bundle> closure, List<Bundle> activeBefore, byte[] previous,
            KindsAside.Plan plan, String failure, SwapReport since) {
        List<KindsAside.Move> moved = new java.util.ArrayList<>(plan.moves());
        List<String> restarting = new java.util.ArrayList<>(plan.restarted());
        String aside2 = null;
        if (aside != null) {
            try {
                KindsAside.Plan again = aside.moveAside(closure, true);
                moved.addAll(again.moves());
                restarting.addAll(again.restarted());
            } catch (KindsAside.Refused r) {
                aside2 = r.getMessage();
            }
        }
        String reverted;
        String restore;
        try (Kernel.InPlace inPlace = aside == null ? () -> { } : aside.restartInPlace(restarting)) {
            reverted = updateTo(existing, previous);
            restore = reverted != null ? reverted : startAgain(activeBefore, existing);
            if (reverted == null && aside != null) {
                aside.awaitBack(new KindsAside.Plan(moved, restarting), KindsAside.BACK_WAIT_MS);
            }
        }
        RolloutContent.put(existing.getBundleId(), previous);
        // back to what serves again, a dependant still down or not: a kind left aside is a kind moved for nothing
        String back = reverted == null && aside != null ? aside.moveBack(moved) : null;
        String lost = lost(since, restarting);
        List<String> kinds = plan.moves().stream().map(m -> m.kind() + " on " + m.from()).toList();
        String accepted = accepted(new KindsAside.Plan(plan.moves(), restarting, plan.ended()));
        return new Outcome(lost == null ? TaskOutcome.FAILED : TaskOutcome.FORCED, failure + (restore == null
                ? "; restored the previous version" + (back != null ? ", but " + back : kinds.isEmpty() ? ""
                        : ", which serves again: " + String.join(", ", kinds))
                : "; restoring the previous version failed too: " + restore + (back == null ? "" : "; and " + back))
                + (aside2 == null ? "" : "; moving its kinds aside before that: " + aside2)
                + (lost == null ? "" : "; " + lost)
                + (accepted == null ? "" : "; " + accepted)); // the restarts let happen happened, failed update or not
    }

    /** What the operator's --restart-kinds let go, said; or null. */
    private static String accepted(KindsAside.Plan plan) {
        List<String> said = new java.util.ArrayList<>();
        if (!plan.restarted().isEmpty()) {
            said.add(String.join(", ", plan.restarted()) + " restarted, " + (plan.restarted().size() == 1 ? "its" : "their")
                    + " state kept only where an implementation keeps it on disk");
        }
        if (!plan.ended().isEmpty()) {
            said.add("ended " + String.join("; ", plan.ended().stream().map(Object::toString).distinct().toList())
                    + (plan.ended().stream().anyMatch(KindsAside.Held::hostedForOtherNodes)
                            ? " (each caller node fails over to an implementation of its own)" : ""));
        }
        return said.isEmpty() ? null : "with --restart-kinds: " + String.join("; ", said);
    }

    /** The outcome, logged on the node too: its log said nothing of a rollout. */
    private static Outcome told(Bundle b, BundleJar jar, Outcome o) {
        System.getLogger(BundleInstaller.class.getName()).log(o.outcome().ok() ? System.Logger.Level.INFO
                : System.Logger.Level.WARNING, "rollout of " + jar.symbolicName() + " " + jar.version() + (b == null ? "" : " (bundle " + b.getBundleId() + ")") + ": " + o.outcome() + (o.reason() == null ? "" : ": " + o.reason()));
        return o;
    }

    /**
     * Stops the bundle, updates it and refreshes what was wired to it, then starts it: once. An
     * update of an active bundle started it, and the refresh restarted it, so the kernel moved
     * every kind it served off and back twice (four swaps an update).
     */
    private String updateTo(Bundle b, byte[] bytes) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null && b.getState() == Bundle.ACTIVE) {
                b.stop(Bundle.STOP_TRANSIENT);
            }
            b.update(in);
        } catch (Exception e) {
            return "update failed: " + e.getMessage();
        }
        refresh(List.of(b));
        return start(b);
    }

    /** A swap to one of {@code b}'s implementations the kernel refused or rolled back since {@code since}, said; or null. */
    private String refusedItsOwn(Bundle b, SwapReport since) {
        if (aside == null) {
            return null;
        }
        java.util.Map<String, java.util.Set<String>> own = aside.implementations(List.of(b));
        for (SwapReport r : aside.wrongSince(since)) {
            if (own.getOrDefault(r.kind(), java.util.Set.of()).contains(r.to())) {
                return "its implementation " + r.to() + " of kind " + r.kind() + " does not serve: " + r.outcome()
                        + (r.reason() == null ? "" : " (" + r.reason() + ")");
            }
        }
        return null;
    }

    /**
     * The kernel's swaps since {@code since} that lost a kind's state, said; null if none. Those of
     * the kinds the operator let restart ({@code accepted}) are what was asked: an update with
     * --restart-kinds was FORCED, FAILED and exit 1 for the swap that restart made.
     */
    private String lost(SwapReport since, List<String> accepted) {
        if (aside == null) {
            return null;
        }
        List<String> lost = new java.util.ArrayList<>();
        for (SwapReport r : aside.wrongSince(since)) {
            if (r.outcome() == SwapOutcome.FORCED && !accepted.contains(r.kind())) {
                lost.add("kind " + r.kind() + " lost its state: " + r.toLine());
            }
        }
        return lost.isEmpty() ? null : String.join("; ", lost);
    }

    /** Starts a bundle (fragments only need to resolve); the reason it failed, or null. */
    private String start(Bundle b) {
        if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return wiring().resolveBundles(List.of(b)) ? null
                    : "fragment " + b.getSymbolicName() + " does not resolve";
        }
        try {
            b.start();
            return null;
        } catch (BundleException e) {
            return "does not start: " + e.getMessage();
        } catch (RuntimeException e) {
            return "does not start: " + e;
        }
    }

    private FrameworkWiring wiring() {
        return context.getBundle(0).adapt(FrameworkWiring.class);
    }

    private void refresh(List<Bundle> bundles) {
        CountDownLatch done = new CountDownLatch(1);
        wiring().refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Bundle find(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /**
     * The installed jar's bytes: what an earlier rollout installed, else the file the location
     * names (the launcher installs profile bundles by reference to their files).
     */
    private static byte[] content(Bundle b) {
        byte[] rolledOut = RolloutContent.get(b.getBundleId());
        if (rolledOut != null) {
            return rolledOut;
        }
        String location = b.getLocation();
        String url = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        try {
            if (url.startsWith("file:")) {
                Path p = Path.of(URI.create(url));
                return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }
}
