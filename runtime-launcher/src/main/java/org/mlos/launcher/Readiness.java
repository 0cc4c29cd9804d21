package org.mlos.launcher;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.mlos.core.settings.NodeProperties;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Whether every Declarative Services component of the node is satisfied, read from the
 * {@code ServiceComponentRuntime} DTOs. The launcher sits outside the framework and does not
 * share the DS API classes with it, so it reads them reflectively (through the API interface,
 * which is public). Components that require configuration and have none are not waiting for
 * anything and do not count. Components that wait only for what work still pending after the
 * node serves will provide (a cluster join: {@link NodeProperties#PENDING}) are deferred.
 */
final class Readiness {

    private static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final int UNSATISFIED_CONFIGURATION = 1;
    private static final int UNSATISFIED_REFERENCE = 2;
    private static final int SATISFIED = 4;
    private static final int FAILED_ACTIVATION = 16;
    private Readiness() {
    }

    /**
     * Something that keeps the node from being ready.
     *
     * @param fatal    true if waiting cannot help (a component's activation threw)
     * @param deferred true if it waits only for work the node finishes after it serves (a cluster
     *                 join): the node is serving without it
     * @param failedStart true if a component failed to start (its activation threw: a port taken,
     *                 say): the launch exits as a failed start, not as a node not ready in time
     * @param activation the component whose activation threw and why, or null
     */
    record Problem(String text, boolean fatal, boolean deferred, boolean failedStart, ActivationFailure activation) {
        Problem(ActivationFailure activation) {
            this(activation.told(), true, false, true, activation);
        }

        Problem(String text, boolean fatal, boolean deferred) {
            this(text, fatal, deferred, false, null);
        }

        Problem(String text, boolean fatal) {
            this(text, fatal, false, false, null);
        }
    }

    /** Problems preventing readiness; empty when ready. */
    static List<Problem> problems(BundleContext context) throws ReflectiveOperationException, InvalidSyntaxException {
        List<Problem> problems = new ArrayList<>();
        Set<String> pendingProvides = new HashSet<>();
        pending(context, problems, pendingProvides);
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0 && b.getHeaders().get("Fragment-Host") == null && b.getState() != Bundle.ACTIVE) {
                problems.add(new Problem("bundle " + b.getSymbolicName() + " is not active", false));
            }
        }
        ServiceReference<?> ref = context.getServiceReference(SCR);
        if (ref == null) {
            return problems;
        }
        Object scr = context.getService(ref);
        List<Waiting> waiting = new ArrayList<>();
        try {
            Class<?> api = ref.getBundle().loadClass(SCR);
            Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            Method configurations = api.getMethod("getComponentConfigurationDTOs",
                    api.getClassLoader().loadClass("org.osgi.service.component.runtime.dto.ComponentDescriptionDTO"));
            for (Object desc : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
                for (Object config : (Collection<?>) configurations.invoke(scr, desc)) {
                    Problem problem = problem(desc, config);
                    if (problem == null) {
                        continue;
                    }
                    if ((int) field(config, "state") == UNSATISFIED_REFERENCE) {
                        waiting.add(new Waiting(problem, unsatisfiedInterfaces(desc, config),
                                (String[]) field(desc, "serviceInterfaces")));
                    } else {
                        problems.add(problem);
                    }
                }
            }
        } finally {
            context.ungetService(ref);
        }
        defer(waiting, pendingProvides, problems);
        return problems;
    }

    /** A component waiting for services: which, and what it would provide. */
    record Waiting(Problem problem, Set<String> needs, String[] provides) {
    }

    /**
     * Services registered with {@link NodeProperties#PENDING}: work the node finishes after it
     * serves. Each is a deferred problem until it goes away, a fatal one if it failed.
     */
    private static void pending(BundleContext context, List<Problem> problems, Set<String> provides)
            throws InvalidSyntaxException {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(" + NodeProperties.PENDING + "=*)");
        if (refs == null) {
            return;
        }
        for (ServiceReference<?> r : refs) {
            Object what = r.getProperty(NodeProperties.PENDING);
            Object failure = r.getProperty(NodeProperties.PENDING_FAILURE);
            if (failure != null) {
                problems.add(new Problem(what + " failed: " + failure, true));
                continue;
            }
            problems.add(new Problem(what + " is pending", false, true));
            Object p = r.getProperty(NodeProperties.PENDING_PROVIDES);
            if (p instanceof String[] names) {
                provides.addAll(Arrays.asList(names));
            } else if (p != null) {
                provides.add(p.toString());
            }
        }
    }

    /**
     * Components waiting only for services that pending work will provide, or that other such
     * components will, are deferred; the others hold the node back.
     */
    static void defer(List<Waiting> waiting, Set<String> pendingProvides, List<Problem> problems) {
        Set<String> coming = new HashSet<>(pendingProvides);
        boolean[] deferred = new boolean[waiting.size()];
        boolean changed = !coming.isEmpty();
        while (changed) {
            changed = false;
            for (int i = 0; i < deferred.length; i++) {
                Waiting w = waiting.get(i);
                if (!deferred[i] && !w.needs().isEmpty() && coming.containsAll(w.needs())) {
                    deferred[i] = true;
                    changed = true;
                    if (w.provides() != null) {
                        coming.addAll(Arrays.asList(w.provides()));
                    }
                }
            }
        }
        for (int i = 0; i < deferred.length; i++) {
            Problem p = waiting.get(i).problem();
            problems.add(deferred[i] ? new Problem(p.text(), false, true) : p);
        }
    }

    /** The interfaces of a component configuration's unsatisfied references. */
    private static Set<String> unsatisfiedInterfaces(Object desc, Object config) throws ReflectiveOperationException {
        Set<String> names = new HashSet<>();
        for (Object r : (Object[]) field(config, "unsatisfiedReferences")) {
            names.add((String) field(r, "name"));
        }
        Set<String> interfaces = new HashSet<>();
        for (Object r : (Object[]) field(desc, "references")) {
            if (names.contains((String) field(r, "name"))) {
                interfaces.add((String) field(r, "interfaceName"));
            }
        }
        return interfaces;
    }

    static Problem problem(Object desc, Object config) throws ReflectiveOperationException {
        int state = (int) field(config, "state");
        String name = (String) field(desc, "name");
        switch (state) {
            case UNSATISFIED_CONFIGURATION:
                return new Problem("component " + name + " is waiting for its configuration", false);
            case UNSATISFIED_REFERENCE: {
                List<String> refs = new ArrayList<>();
                for (Object r : (Object[]) field(config, "unsatisfiedReferences")) {
                    Object target = field(r, "target");
                    refs.add(field(r, "name") + (target == null ? "" : " " + target));
                }
                return new Problem("component " + name + " has unsatisfied references: " + String.join(", ", refs), false);
            }
            case FAILED_ACTIVATION:
                return new Problem(new ActivationFailure(name, firstLine((String) field(config, "failure"))));
            case SATISFIED:
                // An immediate component reads SATISFIED while its activate method runs, possibly on
                // another thread (the one that satisfied its last reference): a memcached server
                // still opening its port. Ready meant its endpoint was missing from the ready line.
                if ((boolean) field(desc, "immediate") && field(desc, "factory") == null) {
                    return new Problem("component " + name + " is activating", false);
                }
                return null;
            default:
                return null;
        }
    }

    /** A DS failure is a whole stack trace; its first line says what went wrong. */
    private static String firstLine(String failure) {
        if (failure == null) {
            return "(no reason given)";
        }
        int nl = failure.indexOf('\n');
        String line = (nl < 0 ? failure : failure.substring(0, nl)).trim();
        return line.replaceFirst("^(?:[a-z][\\w$]*\\.)+", ""); // java.io.IOException: ... -> IOException: ...
    }

    private static Object field(Object dto, String name) throws ReflectiveOperationException {
        Field f = dto.getClass().getField(name);
        return f.get(dto);
    }
}
