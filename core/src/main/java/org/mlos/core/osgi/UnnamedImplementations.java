package org.mlos.core.osgi;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.mlos.core.api.Kernel;
import org.osgi.framework.AllServiceListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

/**
 * Tells of a service registered under a kind without {@code mlos.impl}. The kernel tracks only
 * services that name their implementation, so such a service is never installed and no handle of
 * the kind ever calls it; an embedder whose component lacked the property found nothing anywhere
 * saying why. The kernel's own handles carry {@code mlos.handle} and are not told of.
 */
final class UnnamedImplementations implements AllServiceListener {

    static final String FILTER = "(!(|(" + Kernel.IMPL + "=*)(" + Kernel.HANDLE + "=*)))";
    private static final System.Logger LOG = System.getLogger(UnnamedImplementations.class.getName());

    /** Services told of, by id: one registered while {@link #open} lists the present ones is told once. */
    private final Set<Object> told = ConcurrentHashMap.newKeySet();
    /**
     * Where the checks run: off the registering threads, so a node's boot does not wait for them
     * (loading each service's interfaces and reading their annotations cost a minimal node's boot
     * 3 to 5 ms of its 160); a warning can come a moment later.
     */
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mlos-unnamed-implementations");
        t.setDaemon(true);
        return t;
    });

    /** Listens for such services (of any class space, as the kernel's tracker), and tells of those already registered. */
    void open(BundleContext context) throws InvalidSyntaxException {
        context.addServiceListener(this, FILTER);
        ServiceReference<?>[] present = context.getAllServiceReferences(null, FILTER);
        if (present != null) {
            for (ServiceReference<?> ref : present) {
                later(ref);
            }
        }
    }

    void close(BundleContext context) {
        try {
            context.removeServiceListener(this);
        } catch (IllegalStateException stopped) {
            // the kernel's bundle is stopping: its listeners go with it
        } finally {
            checks.shutdownNow();
        }
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        if (event.getType() == ServiceEvent.REGISTERED) {
            later(event.getServiceReference());
        }
    }

    private void later(ServiceReference<?> ref) {
        try {
            checks.execute(() -> check(ref));
        } catch (RejectedExecutionException closed) {
            // closed meanwhile: the kernel is going
        }
    }

    /**
     * Never throws. It ran on the registering thread, inside the framework's event delivery, which
     * takes a listener's exception for a framework error (and a node's launcher for a failed boot);
     * on the checks' thread an exception would only end the check, but it would still say nothing.
     */
    void check(ServiceReference<?> ref) {
        try {
            Class<?> kind = ImplementationTracker.kindOf(ref);
            if (kind != null && told.add(ref.getProperty(Constants.SERVICE_ID))) {
                LOG.log(System.Logger.Level.WARNING, message(ref, kind));
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot tell whether service " + ref + " is of a kind: " + e, e);
        }
    }

    static String message(ServiceReference<?> ref, Class<?> kind) {
        String bundle = ref.getBundle() == null ? "a bundle gone since" : "bundle " + ref.getBundle().getSymbolicName();
        return "service " + ref.getProperty(Constants.SERVICE_ID) + " of " + bundle + " is registered under kind "
                + kind.getName() + " without " + Kernel.IMPL + ": the kernel installs only implementations that name"
                + " themselves, so no handle of the kind calls it, and a consumer's reference may bind it past the"
                + " handle, where no swap reaches; give it " + Kernel.IMPL + "=<name> (a DS component:"
                + " property = \"" + Kernel.IMPL + "=<name>\")";
    }
}
