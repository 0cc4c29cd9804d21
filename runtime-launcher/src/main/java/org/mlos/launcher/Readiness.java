package org.mlos.launcher;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Whether every Declarative Services component of the node is satisfied, read from the
 * {@code ServiceComponentRuntime} DTOs. The launcher sits outside the framework and does not
 * share the DS API classes with it, so it reads them reflectively (through the API interface,
 * which is public). Components that require configuration and have none are not waiting for
 * anything and do not count.
 */
final class Readiness {

    private static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final int UNSATISFIED_CONFIGURATION = 1;
    private static final int UNSATISFIED_REFERENCE = 2;
    private static final int FAILED_ACTIVATION = 16;

    private Readiness() {
    }

    /**
     * Something that keeps the node from being ready.
     *
     * @param fatal true if waiting cannot help (a component's activation threw)
     */
    record Problem(String text, boolean fatal) {
    }

    /** Problems preventing readiness; empty when ready. */
    static List<Problem> problems(BundleContext context) throws ReflectiveOperationException {
        List<Problem> problems = new ArrayList<>();
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
        try {
            Class<?> api = ref.getBundle().loadClass(SCR);
            Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            Method configurations = api.getMethod("getComponentConfigurationDTOs",
                    api.getClassLoader().loadClass("org.osgi.service.component.runtime.dto.ComponentDescriptionDTO"));
            for (Object desc : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
                for (Object config : (Collection<?>) configurations.invoke(scr, desc)) {
                    Problem problem = problem(desc, config);
                    if (problem != null) {
                        problems.add(problem);
                    }
                }
            }
        } finally {
            context.ungetService(ref);
        }
        return problems;
    }

    private static Problem problem(Object desc, Object config) throws ReflectiveOperationException {
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
                return new Problem("component " + name + " failed to activate: " + firstLine((String) field(config, "failure")), true);
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
