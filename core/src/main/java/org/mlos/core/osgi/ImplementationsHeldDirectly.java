package org.mlos.core.osgi;

import org.mlos.core.api.Kernel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Tells, when the core bundle starts, of bundles that already hold an implementation itself rather
 * than its kind's handle: they bound it before implementations were hidden (a framework that
 * started them, and Declarative Services, before the core bundle). Their calls bypass the kernel,
 * and a swap leaves them calling the old implementation, whose writes the new one never sees;
 * nothing else would say so. A bundle that binds one later has named it in its filter, on purpose.
 */
final class ImplementationsHeldDirectly {

    private static final System.Logger LOG = System.getLogger(ImplementationsHeldDirectly.class.getName());

    private ImplementationsHeldDirectly() {
    }

    /** Warns once for each bundle holding an implementation; never throws (the core bundle's start must not fail on it). */
    static void tell(BundleContext context) {
        try {
            ServiceReference<?>[] impls = context.getAllServiceReferences(null, "(" + Kernel.IMPL + "=*)");
            if (impls == null) {
                return;
            }
            long kernel = context.getBundle().getBundleId();
            for (ServiceReference<?> ref : impls) {
                Bundle[] users = ref.getUsingBundles();
                for (Bundle user : users == null ? new Bundle[0] : users) {
                    if (user.getBundleId() != kernel && user.getBundleId() != 0 && !user.equals(ref.getBundle())) {
                        LOG.log(System.Logger.Level.WARNING, message(ref, user));
                    }
                }
            }
        } catch (InvalidSyntaxException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot tell which bundles hold implementations: " + e, e);
        }
    }

    static String message(ServiceReference<?> ref, Bundle user) {
        Object kinds = ref.getProperty(Constants.OBJECTCLASS);
        String kind = kinds instanceof String[] names ? String.join(", ", names) : String.valueOf(kinds);
        return "bundle " + user.getSymbolicName() + " holds implementation '" + ref.getProperty(Kernel.IMPL) + "' of "
                + kind + " (service " + ref.getProperty(Constants.SERVICE_ID) + ") itself, not the kind's handle: it bound"
                + " it before org.mlos.core started, which hides implementations, so its calls bypass the kernel and a"
                + " swap leaves it calling the old implementation (unless it asked for this implementation by name, with a"
                + " filter on " + Kernel.IMPL + "). Start org.mlos.core before the bundles that use kinds (a lower start"
                + " level), or restart bundle " + user.getSymbolicName() + " now";
    }
}
