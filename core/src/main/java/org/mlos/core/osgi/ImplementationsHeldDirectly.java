package org.mlos.core.osgi;

import org.mlos.core.api.Kernel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Tells, when the core bundle starts, of bundles that already hold an implementation itself rather
 * than its kind's handle: most likely they bound it while nothing hid implementations (a framework
 * that started them, and Declarative Services, before the core bundle). Their calls bypass the
 * kernel, and a swap leaves them calling the old implementation, whose writes the new one never
 * sees; nothing else would say so. A bundle that holds implementations on purpose, by a filter
 * naming {@code mlos.impl} (the durable store wrapping a store, remote hosting), says so in its
 * manifest ({@value #HOLDS_ON_PURPOSE}{@code : true}) and is not told of: after a restart of the core
 * it holds them still.
 */
final class ImplementationsHeldDirectly {

    /** The manifest header of a bundle that holds implementations on purpose. */
    static final String HOLDS_ON_PURPOSE = "MLOS-Holds-Implementations";

    private static final System.Logger LOG = System.getLogger(ImplementationsHeldDirectly.class.getName());

    private ImplementationsHeldDirectly() {
    }

    /**
     * Warns once for each implementation a bundle holds; never throws (the core bundle's start must
     * not fail on it). A consumer in the implementation's own bundle is told of too.
     */
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
                    if (user.getBundleId() != kernel && user.getBundleId() != 0
                            && !"true".equalsIgnoreCase(user.getHeaders().get(HOLDS_ON_PURPOSE))) {
                        LOG.log(System.Logger.Level.WARNING, message(ref, user));
                    }
                }
            }
        } catch (InvalidSyntaxException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot tell which bundles hold implementations: " + e, e);
        }
    }

    static String message(ServiceReference<?> ref, Bundle user) {
        Object kinds = ref.getProperty(Constants.OBJECTCLASS);
        String kind = kinds instanceof String[] names ? String.join(", ", names) : String.valueOf(kinds);
        String name = user.getSymbolicName() == null ? "#" + user.getBundleId() : user.getSymbolicName();
        return "bundle " + name + " holds implementation '" + ref.getProperty(Kernel.IMPL) + "' of " + kind + " (service "
                + ref.getProperty(Constants.SERVICE_ID) + ") itself, not the kind's handle, so its calls bypass the kernel"
                + " and a swap leaves it calling the old implementation. Most likely it bound it before org.mlos.core"
                + " started and hid implementations: start org.mlos.core before Declarative Services or before the"
                + " bundles that use kinds (a lower start level), then restart bundle " + name + ". A bundle that holds"
                + " implementations on purpose (a filter naming " + Kernel.IMPL + ") says so with the manifest header "
                + HOLDS_ON_PURPOSE + ": true";
    }
}
