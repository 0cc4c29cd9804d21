package org.mlos.core.osgi;

import org.mlos.core.api.Kernel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Finds, when the core bundle starts, bundles that already hold an implementation itself rather
 * than its kind's handle, and restarts them: they bound it while nothing hid implementations (a
 * framework that started them, and Declarative Services, before the core bundle). Their calls
 * bypass the kernel, and a swap leaves them calling the old implementation, whose writes the new
 * one never sees. Telling the operator was not enough: on Karaf's first boot the deploy folder
 * starts bundles while the boot features are still being installed, whatever their start levels,
 * and an outsider's application kept its data where no swap reached it, shown by one WARN line.
 * Restarted once the hider is in place, they bind the handle. {@value #RESTART}{@code =false} only
 * tells. A bundle that holds implementations on purpose, by a filter naming {@code mlos.impl} (the
 * durable store wrapping a store, remote hosting), says so in its manifest
 * ({@value #HOLDS_ON_PURPOSE}{@code : true}) and is left alone: after a restart of the core it holds
 * them still.
 */
final class ImplementationsHeldDirectly {

    /** The manifest header of a bundle that holds implementations on purpose. */
    static final String HOLDS_ON_PURPOSE = "MLOS-Holds-Implementations";
    /** Framework property: restart the bundles found holding implementations (default true). */
    static final String RESTART = "mlos.kernel.restart.holders";

    private static final System.Logger LOG = System.getLogger(ImplementationsHeldDirectly.class.getName());

    private ImplementationsHeldDirectly() {
    }

    /**
     * Warns once for each implementation a bundle holds, then restarts each such bundle once, off
     * the caller's thread; never throws (the core bundle's start must not fail on it). A consumer
     * in the implementation's own bundle is found too.
     */
    static void handle(BundleContext context) {
        java.util.Map<Long, Bundle> holders = new java.util.LinkedHashMap<>();
        boolean restart = !"false".equalsIgnoreCase(String.valueOf(context.getProperty(RESTART)).trim());
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
                        LOG.log(System.Logger.Level.WARNING, message(ref, user, restart));
                        holders.put(user.getBundleId(), user);
                    }
                }
            }
        } catch (InvalidSyntaxException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot tell which bundles hold implementations: " + e, e);
        }
        if (restart && !holders.isEmpty()) {
            Thread t = new Thread(() -> holders.values().forEach(ImplementationsHeldDirectly::restart), "mlos-restart-holders");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Stops and starts the bundle, keeping its persistent start setting; a failure is logged. */
    private static void restart(Bundle bundle) {
        try {
            if (bundle.getState() != Bundle.ACTIVE) {
                return; // stopped or restarted meanwhile: it binds afresh anyway
            }
            bundle.stop(Bundle.STOP_TRANSIENT);
            bundle.start(Bundle.START_TRANSIENT);
            LOG.log(System.Logger.Level.INFO, "restarted bundle " + name(bundle) + ": it now binds the kinds' handles");
        } catch (org.osgi.framework.BundleException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot restart bundle " + name(bundle) + ", which holds implementations"
                    + " itself: " + e.getMessage() + "; restart it by hand so that it binds the kinds' handles", e);
        }
    }

    private static String name(Bundle b) {
        return b.getSymbolicName() == null ? "#" + b.getBundleId() : b.getSymbolicName();
    }

    static String message(ServiceReference<?> ref, Bundle user, boolean restart) {
        Object kinds = ref.getProperty(Constants.OBJECTCLASS);
        String kind = kinds instanceof String[] names ? String.join(", ", names) : String.valueOf(kinds);
        String name = name(user);
        return "bundle " + name + " holds implementation '" + ref.getProperty(Kernel.IMPL) + "' of " + kind + " (service "
                + ref.getProperty(Constants.SERVICE_ID) + ") itself, not the kind's handle, so its calls bypass the kernel"
                + " and a swap would leave it calling the old implementation. It bound it before org.mlos.core"
                + " started and hid implementations" + (restart ? ": restarting bundle " + name + ", so that it binds the"
                + " kind's handle (" + RESTART + "=false only tells). To avoid the restart, start org.mlos.core before"
                + " Declarative Services or before the bundles that use kinds (a lower start level; in Karaf, install"
                + " them as a feature, not through the deploy folder)"
                : ": start org.mlos.core before Declarative Services or before the bundles that use kinds (a lower"
                + " start level), then restart bundle " + name) + ". A bundle that holds"
                + " implementations on purpose (a filter naming " + Kernel.IMPL + ") says so with the manifest header "
                + HOLDS_ON_PURPOSE + ": true";
    }
}
