package org.mlos.core.osgi;

import java.lang.reflect.Method;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Why a component's service gave no object: the failure Declarative Services recorded for the
 * component's configuration (its activate method threw, say). DS returns null from
 * {@code getService} and logs the reason, so a swap to an implementation that cannot start said
 * only that it was "no longer available", while the reason (a slab store asked for more pages
 * than it can hold) sat in the node's log.
 *
 * <p>Read by reflection through the {@code ServiceComponentRuntime} service: the kernel's bundle
 * does not import DS's runtime API, since it runs where there is no DS too.
 */
final class ComponentFailure {

    private static final String RUNTIME = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    /** {@code ComponentConfigurationDTO.FAILED_ACTIVATION} (DS 1.4). */
    private static final Integer FAILED_ACTIVATION = 16;

    private ComponentFailure() {
    }

    /** Why {@code ref}'s service gave no object, as a sentence to follow "implementation X cannot be obtained: ". */
    static String of(BundleContext context, ServiceReference<?> ref) {
        String recorded = recorded(context, ref);
        if (recorded != null) {
            return "its component failed to activate: " + recorded;
        }
        return ref.getBundle() == null ? "its service is no longer registered"
                : "its service gave no object (its component failed to activate? the node's log says why)";
    }

    /** The first line of the failure DS recorded for the component configuration behind {@code ref}, or null. */
    private static String recorded(BundleContext context, ServiceReference<?> ref) {
        Object name = ref.getProperty("component.name");
        Object id = ref.getProperty("component.id");
        Bundle bundle = ref.getBundle();
        ServiceReference<?> runtimeRef = context.getServiceReference(RUNTIME);
        if (name == null || id == null || bundle == null || runtimeRef == null) {
            return null;
        }
        Object runtime = context.getService(runtimeRef);
        try {
            if (runtime == null) {
                return null;
            }
            // through the interface: DS's class behind it need not be public
            Class<?> api = Class.forName(RUNTIME, false, runtime.getClass().getClassLoader());
            Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            for (Object d : (Iterable<?>) descriptions.invoke(runtime, (Object) new Bundle[] {bundle})) {
                if (!name.equals(d.getClass().getField("name").get(d))) {
                    continue;
                }
                Method configurations = api.getMethod("getComponentConfigurationDTOs", d.getClass());
                for (Object c : (Iterable<?>) configurations.invoke(runtime, d)) {
                    Object failure = c.getClass().getField("failure").get(c);
                    // the state too: DS keeps an earlier failure's text in other states
                    if (id.equals(c.getClass().getField("id").get(c)) && failure != null
                            && FAILED_ACTIVATION.equals(c.getClass().getField("state").get(c))) {
                        return firstLine(failure.toString());
                    }
                }
            }
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // a DS without these DTOs: the generic sentence
        } finally {
            context.ungetService(runtimeRef);
        }
    }

    /** A recorded failure is a stack trace; its first line holds the exception and its message. */
    private static String firstLine(String failure) {
        int end = failure.indexOf('\n');
        return (end < 0 ? failure : failure.substring(0, end)).strip();
    }
}
