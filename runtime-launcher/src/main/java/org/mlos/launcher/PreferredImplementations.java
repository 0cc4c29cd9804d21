package org.mlos.launcher;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Whether every kind the node's settings name ({@code mlos.kind.<kind>=<impl>}: the profile's
 * defaults, {@code --set}, the durable store the launcher puts in front) is served by that
 * implementation. Every component can be satisfied while a preferred implementation has not
 * arrived yet (the durable store registers after the store it sits in front of, and the kernel
 * swaps to it then): a node that said it was ready in that window served its clients from the
 * wrong implementation. Read from the kernel service reflectively, as {@link Readiness} reads DS.
 */
final class PreferredImplementations {

    private static final String KERNEL = "org.mlos.core.api.Kernel";
    private static final String PREFIX = "mlos.kind.";
    /** {@code mlos.kind.<kind>.standin}: whether another serves until the preferred arrives, not a preference. */
    private static final String STANDIN = ".standin";

    private final Map<String, String> preferred;
    /** On a durable node, the memory store behind the durable one ({@code mlos.fault.store}); else null. */
    private final String storeBehind;

    private PreferredImplementations(Map<String, String> preferred, String storeBehind) {
        this.preferred = preferred;
        this.storeBehind = storeBehind;
    }

    /** The preferences among the node's framework properties. */
    static PreferredImplementations of(Map<String, String> frameworkProperties) {
        Map<String, String> preferred = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : frameworkProperties.entrySet()) {
            String key = e.getKey();
            String impl = e.getValue() == null ? "" : e.getValue().trim();
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length() && !impl.isEmpty() && !key.endsWith(STANDIN)) {
                preferred.put(key.substring(PREFIX.length()), impl);
            }
        }
        String behind = frameworkProperties.get(DurabilityDefaults.STORE);
        // a remote store behind (heap@store) waits for its node, which the remote notice tells
        return new PreferredImplementations(preferred, DurabilityDefaults.DURABLE.equals(preferred.get(STORE_KIND))
                && behind != null && !behind.isBlank() && !behind.contains("@") ? behind.trim() : null);
    }

    private static final String STORE_KIND = "KeyValueStore";

    boolean isEmpty() {
        return preferred.isEmpty();
    }

    /**
     * What keeps a preferred implementation from serving; empty when each serves. Fatal when the
     * kernel tried to swap to one and the swap failed: it does not try again by itself.
     */
    List<Readiness.Problem> problems(BundleContext context) throws ReflectiveOperationException {
        List<Readiness.Problem> problems = new ArrayList<>();
        if (preferred.isEmpty()) {
            return problems;
        }
        ServiceReference<?> ref = context.getServiceReference(KERNEL);
        if (ref == null) {
            problems.add(new Readiness.Problem("the kernel service is not registered, so no kind is served yet ("
                    + settings() + ")", false));
            return problems;
        }
        Object kernel = context.getService(ref);
        try {
            Class<?> api = ref.getBundle().loadClass(KERNEL);
            Method kind = api.getMethod("kind", String.class);
            Method history = api.getMethod("history");
            for (Map.Entry<String, String> e : preferred.entrySet()) {
                Readiness.Problem p = problem(e.getKey(), e.getValue(), (Optional<?>) kind.invoke(kernel, e.getKey()),
                        (List<?>) history.invoke(kernel));
                if (p != null) {
                    problems.add(p);
                }
            }
        } finally {
            context.ungetService(ref);
        }
        return problems;
    }

    private static Readiness.Problem problem(String kindName, String impl, Optional<?> info, List<?> history)
            throws ReflectiveOperationException {
        String setting = PREFIX + kindName + "=" + impl;
        if (info.isEmpty()) {
            return new Readiness.Problem("kind " + kindName + " is unknown to the kernel: no bundle of the node has"
                    + " provided it yet, and " + setting + " waits for its implementation " + impl, false);
        }
        Object k = info.get();
        String name = (String) accessor(k, "kind");
        Object active = accessor(k, "active");
        if (impl.equals(active)) {
            return null;
        }
        Object failed = lastFailedSwapTo(name, impl, history);
        if (failed != null) {
            return new Readiness.Problem("kind " + name + ": the swap to its preferred implementation " + impl + " ("
                    + setting + ") failed, and " + (active == null ? "nothing" : active) + " serves instead: "
                    + accessor(failed, "toLine"), true);
        }
        return new Readiness.Problem("kind " + name + " waits for its preferred implementation " + impl + " (" + setting
                + "); " + (active == null ? "nothing serves it" : active + " serves it") + " meanwhile, installed: "
                + accessor(k, "candidates"), false);
    }

    /**
     * The preferences nothing registered meets, once all else is ready: an implementation not among
     * its kind's candidates, or a kind the kernel does not know. Likely a typo, which otherwise cost
     * the whole ready timeout before the node said so; one may still register (a component waiting
     * for a service of its own, a rollout), so these are told, not failed.
     */
    List<String> unmet(BundleContext context) throws ReflectiveOperationException {
        List<String> out = new ArrayList<>();
        ServiceReference<?> ref = preferred.isEmpty() ? null : context.getServiceReference(KERNEL);
        if (ref == null) {
            return out;
        }
        Object kernel = context.getService(ref);
        try {
            Class<?> api = ref.getBundle().loadClass(KERNEL);
            Method kind = api.getMethod("kind", String.class);
            List<?> kinds = (List<?>) api.getMethod("kinds").invoke(kernel);
            for (Map.Entry<String, String> e : preferred.entrySet()) {
                String setting = PREFIX + e.getKey() + "=" + e.getValue();
                Optional<?> info = (Optional<?>) kind.invoke(kernel, e.getKey());
                if (info.isEmpty()) {
                    List<String> names = new ArrayList<>();
                    for (Object k : kinds) {
                        names.add((String) accessor(k, "simpleName"));
                    }
                    List<String> near = ClosestNames.to(e.getKey(), names, List.of());
                    out.add(setting + " names a kind no bundle has registered (kinds: " + String.join(", ", names) + "): "
                            + (near.isEmpty() ? "a typo?" : "did you mean " + PREFIX + String.join(" or " + PREFIX, near) + "?"));
                    continue;
                }
                List<?> candidates = (List<?>) accessor(info.get(), "candidates");
                if (!e.getValue().contains("@") && !candidates.contains(e.getValue())) {
                    List<String> registered = candidates.stream().map(String::valueOf).toList();
                    List<String> near = ClosestNames.to(e.getValue(), registered, List.of());
                    out.add(setting + ": no bundle has registered implementation " + e.getValue() + " of "
                            + accessor(info.get(), "simpleName") + " (registered: " + (registered.isEmpty() ? "none"
                                    : String.join(", ", registered)) + "): " + (near.isEmpty() ? "a typo" : "did you mean "
                                    + PREFIX + e.getKey() + "=" + String.join(" or ", near) + "? a typo")
                            + ", or did its bundle fail to register it (an ERROR above says why)?");
                }
            }
        } finally {
            context.ungetService(ref);
        }
        return out;
    }

    /**
     * On a durable node, the store behind the durable one when no bundle has registered it: the
     * durable store waits for it, the memcached server for the durable store, and a typo in its
     * name ({@code mlos.kind.KeyValueStore=slabb} with durability) cost the whole ready timeout
     * before the node named only the server's unsatisfied reference, where without durability the
     * same typo is told at once.
     */
    List<String> unmetBehind(BundleContext context) throws ReflectiveOperationException {
        ServiceReference<?> ref = storeBehind == null ? null : context.getServiceReference(KERNEL);
        if (ref == null) {
            return List.of();
        }
        Object kernel = context.getService(ref);
        try {
            Optional<?> info = (Optional<?>) ref.getBundle().loadClass(KERNEL).getMethod("kind", String.class)
                    .invoke(kernel, STORE_KIND);
            if (info.isEmpty()) {
                return List.of();
            }
            List<String> candidates = ((List<?>) accessor(info.get(), "candidates")).stream().map(String::valueOf)
                    .filter(c -> !c.equals(DurabilityDefaults.DURABLE)).toList();
            if (candidates.contains(storeBehind)) {
                return List.of();
            }
            List<String> near = ClosestNames.to(storeBehind, candidates, List.of());
            return List.of("the store behind the durable one, " + storeBehind + " (" + DurabilityDefaults.STORE + ", or "
                    + PREFIX + STORE_KIND + " on a durable node): no bundle has registered implementation " + storeBehind
                    + " of " + STORE_KIND + " (registered: " + (candidates.isEmpty() ? "none" : String.join(", ", candidates))
                    + "): " + (near.isEmpty() ? "a typo?" : "did you mean " + String.join(" or ", near) + "?"));
        } finally {
            context.ungetService(ref);
        }
    }

    /**
     * The remote preferences ({@code <impl>@<node or profile>}) not serving yet, each as what the
     * node waits for from its cluster. A web node started before its full node waited its whole
     * ready timeout naming only a component's unsatisfied references, never the node it lacked.
     */
    List<String> remoteWaits(BundleContext context) throws ReflectiveOperationException {
        List<String> out = new ArrayList<>();
        ServiceReference<?> ref = preferred.isEmpty() ? null : context.getServiceReference(KERNEL);
        if (ref == null) {
            return out; // no kernel yet: nothing is known about any kind, and the report says so
        }
        Object kernel = context.getService(ref);
        try {
            Method kind = ref.getBundle().loadClass(KERNEL).getMethod("kind", String.class);
            for (Map.Entry<String, String> e : preferred.entrySet()) {
                String impl = e.getValue();
                int at = impl.lastIndexOf('@');
                if (at <= 0 || at == impl.length() - 1) {
                    continue;
                }
                Optional<?> info = (Optional<?>) kind.invoke(kernel, e.getKey());
                if (info.isPresent() && (impl.equals(accessor(info.get(), "active"))
                        || ((List<?>) accessor(info.get(), "candidates")).contains(impl))) {
                    continue; // served, or offered and being swapped to
                }
                out.add(PREFIX + e.getKey() + "=" + impl + ": nothing in the cluster has offered " + impl
                        + " yet: " + absent(impl.substring(at + 1)) + ", or it could not be reached (this node's log says"
                        + " why: its terminal, or the log file of a node in the background)");
            }
        } finally {
            context.ungetService(ref);
        }
        return out;
    }

    /** A node's id: its cluster member's UUID. */
    private static final java.util.regex.Pattern NODE_ID =
            java.util.regex.Pattern.compile("\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}");

    /**
     * Who has not joined: a node id names one node, new at each of its starts, so it is no profile
     * to start (the hint used to say {@code mlos run <uuid>}).
     */
    private static String absent(String where) {
        if (NODE_ID.matcher(where).matches()) {
            return "no node with the id " + where + " has joined (a node's id is new at every start: mlos nodes lists"
                    + " those in the cluster; name a profile instead to take any node of it)";
        }
        return "no node or profile named " + where + " has joined (start one with this cluster's name and secret,"
                + " e.g. mlos run " + where + ")";
    }

    /** The newest report of a swap to {@code impl} if it did not switch (rolled back or refused). */
    private static Object lastFailedSwapTo(String kind, String impl, List<?> history) throws ReflectiveOperationException {
        for (int i = history.size() - 1; i >= 0; i--) {
            Object r = history.get(i);
            if (kind.equals(accessor(r, "kind")) && impl.equals(accessor(r, "to"))) {
                String outcome = String.valueOf(accessor(r, "outcome"));
                return outcome.equals("ROLLED_BACK") || outcome.equals("REFUSED") ? r : null;
            }
        }
        return null;
    }

    private String settings() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : preferred.entrySet()) {
            b.append(b.length() == 0 ? "" : ", ").append(PREFIX).append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    private static Object accessor(Object record, String name) throws ReflectiveOperationException {
        return record.getClass().getMethod(name).invoke(record);
    }
}
