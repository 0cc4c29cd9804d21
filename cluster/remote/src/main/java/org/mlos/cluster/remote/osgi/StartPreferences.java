package org.mlos.cluster.remote.osgi;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;

import org.mlos.cluster.api.Cluster;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A profile's {@code mlos.kind.<Kind>=<impl>@<node|profile>}: provides that remote candidate as
 * soon as the named node is in the registry, and the kernel, which prefers it, swaps to it (trigger
 * {@code preferred-arrived}, state moved live). Tries every {@value #PERIOD_MS} ms, {@value #ATTEMPTS}
 * times at most, then logs why it gave up; it is started again when a node joins the cluster
 * ({@link MembershipWatch}) or a remote candidate is withdrawn.
 */
final class StartPreferences implements Runnable {

    static final int ATTEMPTS = 120;
    static final long PERIOD_MS = 500;
    private static final System.Logger LOG = System.getLogger(StartPreferences.class.getName());

    private final BundleContext context;
    private final Cluster cluster;
    private final RemoteCandidates candidates;
    private final Runnable looked;

    StartPreferences(BundleContext context, Cluster cluster, RemoteCandidates candidates) {
        this(context, cluster, candidates, () -> { });
    }

    /**
     * @param looked run once the registry has been read and every preference tried against it (or
     *               after {@value #LOOK_ATTEMPTS} attempts that could not read it, or when this ends)
     */
    StartPreferences(BundleContext context, Cluster cluster, RemoteCandidates candidates, Runnable looked) {
        this.context = context;
        this.cluster = cluster;
        this.candidates = candidates;
        this.looked = looked;
    }

    /**
     * Attempts at most before {@code looked} runs without a registry read: the launcher waits for
     * it, and a node whose registry cannot be read (no member holds data) must not wait long.
     */
    static final int LOOK_ATTEMPTS = 10;

    @Override
    public void run() {
        try {
            ask();
        } finally {
            looked.run();
        }
    }

    private void ask() {
        Map<String, String> pending = new HashMap<>();
        Map<String, String> why = new HashMap<>();
        boolean lookTold = false;
        for (int attempt = 0; attempt < ATTEMPTS && !Thread.currentThread().isInterrupted(); attempt++) {
            pending.putAll(remotePreferences(context));
            boolean read = lookTold || pending.isEmpty() || readsRegistry() || attempt + 1 >= LOOK_ATTEMPTS;
            pending.entrySet().removeIf(e -> {
                try {
                    return candidates.provide(cluster, e.getKey(), e.getValue());
                } catch (Exception ex) {
                    why.put(e.getKey(), ex.getMessage());
                    return false;
                }
            });
            if (read && !lookTold) {
                lookTold = true;
                looked.run();
            }
            if (pending.isEmpty() && attempt >= 4) { // handles may still be arriving in the first seconds
                return;
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
        pending.forEach((kind, impl) -> LOG.log(Level.WARNING, "remote kinds: gave up providing " + impl + " of " + kind
                + " asked by mlos.kind.*: " + why.get(kind) + " (asked again when a node joins the cluster)"));
    }

    /** Whether the registry can be read now: a failed read is no "nothing has joined". */
    private boolean readsRegistry() {
        try {
            cluster.nodes();
            return true;
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /**
     * Kinds whose profile default names a remote implementation: kinds with a handle here, and
     * kinds some bundle here declares but nothing implements locally (only their API bundle is
     * installed), which get their handle from the remote candidate.
     */
    static Map<String, String> remotePreferences(BundleContext context) {
        Map<String, String> out = new HashMap<>();
        java.util.Set<String> kinds = new java.util.LinkedHashSet<>(new KindLookup(context).declaredKinds().keySet());
        try {
            ServiceReference<?>[] handles = context.getAllServiceReferences(null, "(mlos.handle=true)");
            if (handles != null) {
                for (ServiceReference<?> h : handles) {
                    kinds.addAll(java.util.Arrays.asList((String[]) h.getProperty("objectClass")));
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        for (String kind : kinds) {
            String simple = kind.substring(kind.lastIndexOf('.') + 1);
            String pref = context.getProperty("mlos.kind." + kind);
            if (pref == null) {
                pref = context.getProperty("mlos.kind." + simple);
            }
            if (pref != null && pref.indexOf('@') > 0) {
                out.put(kind, pref.trim());
            }
        }
        return out;
    }
}
