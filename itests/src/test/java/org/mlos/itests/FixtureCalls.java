package org.mlos.itests;

import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * For tests that launch a framework of their own with the fixture bundles: the test's copies of
 * the fixture classes are not the bundles', so services are found by name and called by reflection.
 */
final class FixtureCalls {

    private FixtureCalls() {
    }

    static Object call(Object target, String method, Object... args) throws Exception {
        for (java.lang.reflect.Method m : target.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                m.setAccessible(true);
                return m.invoke(target, args);
            }
        }
        throw new NoSuchMethodException(target.getClass() + "." + method);
    }

    /** Whether the bundle holds a kind's implementation itself (not the kind's handle). */
    static boolean holdsAnImplementation(BundleContext context, Bundle bundle) throws Exception {
        ServiceReference<?>[] impls = context.getAllServiceReferences(null, "(mlos.impl=*)");
        for (ServiceReference<?> impl : impls == null ? new ServiceReference<?>[0] : impls) {
            Bundle[] users = impl.getUsingBundles();
            if (users != null && List.of(users).contains(bundle)) {
                return true;
            }
        }
        return false;
    }
}
