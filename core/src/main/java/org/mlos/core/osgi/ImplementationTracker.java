package org.mlos.core.osgi;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.Kind;
import org.mlos.core.kernel.SwapKernel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Feeds the kernel the services that carry {@code mlos.impl}. The service object is fetched only
 * when the kernel needs it, so a delayed component that never serves is never activated. A
 * removal arrives while the service is still registered, so the kernel can still export the
 * leaving implementation's state.
 */
final class ImplementationTracker implements ServiceTrackerCustomizer<Object, ImplementationTracker.Tracked> {

    private static final System.Logger LOG = System.getLogger(ImplementationTracker.class.getName());

    private final BundleContext context;
    private final SwapKernel kernel;

    ImplementationTracker(BundleContext context, SwapKernel kernel) {
        this.context = context;
        this.kernel = kernel;
    }

    record Tracked(Class<?> kind, String name) {
    }

    @Override
    public Tracked addingService(ServiceReference<Object> ref) {
        Object nameProperty = ref.getProperty(Kernel.IMPL);
        String name = nameProperty == null ? "" : nameProperty.toString().trim();
        Class<?> kind = kindOf(ref);
        if (kind == null || name.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "ignoring service " + ref + ": " + (kind == null
                    ? "none of its interfaces is a @Kind visible to its bundle"
                    : "its " + Kernel.IMPL + " property is empty"));
            return null;
        }
        try {
            install(kind, name, ref);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot install implementation " + name + " of " + kind.getName()
                    + " from bundle " + ref.getBundle().getSymbolicName() + ": " + e.getMessage(), e);
            return null;
        }
        return new Tracked(kind, name);
    }

    private <T> void install(Class<T> kind, String name, ServiceReference<Object> ref) {
        kernel.install(kind, name, ref, ranking(ref), serviceId(ref), () -> {
            Object service = context.getService(ref);
            if (service == null) {
                throw new IllegalStateException(ComponentFailure.of(context, ref));
            }
            return kind.cast(service);
        });
    }

    @Override
    public void modifiedService(ServiceReference<Object> ref, Tracked tracked) {
        // The implementation's name is fixed for its life; other properties do not concern the kernel.
    }

    @Override
    public void removedService(ServiceReference<Object> ref, Tracked tracked) {
        try {
            if (shuttingDown()) {
                kernel.forget(tracked.kind(), tracked.name(), ref); // no swap cascade while everything stops
            } else {
                kernel.uninstall(tracked.kind(), tracked.name(), ref);
            }
        } finally {
            context.ungetService(ref);
        }
    }

    /** The framework or the kernel's own bundle is stopping. */
    private boolean shuttingDown() {
        try {
            return (context.getBundle(0).getState() & (Bundle.STOPPING | Bundle.RESOLVED)) != 0
                    || context.getBundle().getState() == Bundle.STOPPING;
        } catch (IllegalStateException invalidContext) {
            return true;
        }
    }

    /** The first registered interface that is a kind, as the registering bundle sees it. */
    static Class<?> kindOf(ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        Object classes = ref.getProperty(Constants.OBJECTCLASS);
        if (bundle == null || !(classes instanceof String[] names)) {
            return null; // unregistered meanwhile
        }
        for (String name : names) {
            try {
                Class<?> c = bundle.loadClass(name);
                if (c.isInterface() && c.isAnnotationPresent(Kind.class)) {
                    return c;
                }
            } catch (ClassNotFoundException | IllegalStateException | LinkageError e) {
                // not visible to the registering bundle, not loadable there (an interface whose
                // parent is in an optional import not wired), or the bundle is gone: no kind we can use
            }
        }
        return null;
    }

    /** Registration order, the kernel's tie-breaker: the same whatever order a tracker hands them over in. */
    private static long serviceId(ServiceReference<?> ref) {
        Object id = ref.getProperty(Constants.SERVICE_ID);
        return id instanceof Long l ? l : Long.MAX_VALUE;
    }

    private static int ranking(ServiceReference<?> ref) {
        Object r = ref.getProperty(Constants.SERVICE_RANKING);
        return r instanceof Integer i ? i : 0;
    }
}
