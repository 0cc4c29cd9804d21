package org.mlos.cluster.remote.osgi;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.mlos.cluster.remote.transport.Hosting;
import org.mlos.cluster.remote.transport.RemoteServer;
import org.mlos.core.api.Kernel;
import org.mlos.core.remote.RemoteDispatcher;
import org.mlos.core.remote.RemoteKinds;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;

/**
 * Hosts instances for other nodes through the framework: a new instance of a prototype-scoped
 * implementation service ({@code mlos.impl=<name>}) for each request, separate from the instance
 * this node's own handle uses, released when the caller closes it.
 */
final class OsgiHosting implements Hosting {

    private final BundleContext context;
    private final Map<RemoteDispatcher, Runnable> releases = new ConcurrentHashMap<>();
    /** The implementation service each instance came from. */
    private final Map<RemoteDispatcher, ServiceReference<?>> sources = new ConcurrentHashMap<>();
    private ServiceListener goneWatch;

    OsgiHosting(BundleContext context) {
        this.context = context;
    }

    /**
     * Tells {@code server} to end the instances of an implementation whose service goes (its
     * bundle stopped or updated): their calls ran on a deactivated component, whose store may have
     * freed its memory. Ended, the callers' next call finds no instance, and each caller fails over
     * as from a lost host.
     */
    void endWithTheirService(RemoteServer server) {
        goneWatch = event -> {
            if (event.getType() != ServiceEvent.UNREGISTERING) {
                return;
            }
            ServiceReference<?> gone = event.getServiceReference();
            Set<RemoteDispatcher> ended = new HashSet<>();
            sources.forEach((d, ref) -> {
                if (ref.equals(gone)) {
                    ended.add(d);
                }
            });
            if (!ended.isEmpty()) {
                server.endHosted(ended::contains, "its implementation " + gone.getProperty(Kernel.IMPL) + " went (bundle "
                        + (gone.getBundle() == null ? "stopped" : gone.getBundle().getSymbolicName() + " stopping") + ")");
            }
        };
        try {
            context.addServiceListener(goneWatch, "(" + Kernel.IMPL + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops watching the implementations' services. */
    void stopWatching() {
        if (goneWatch != null) {
            try {
                context.removeServiceListener(goneWatch);
            } catch (IllegalStateException stopping) {
                // the bundle's context is gone: its listeners with it
            }
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public RemoteDispatcher open(String kind, String impl, long fingerprint, String caller) throws Exception {
        if (impl.indexOf('@') >= 0) {
            throw new IllegalArgumentException("node " + caller + " asked for " + impl + ": a host runs its own"
                    + " implementations only, not remote ones");
        }
        ServiceReference<?>[] refs = context.getServiceReferences(kind, "(" + Kernel.IMPL + "=" + impl + ")");
        if (refs == null) {
            throw new IllegalArgumentException("this node has no implementation " + impl + " of " + kind
                    + " (install its bundle here, or choose another node)");
        }
        ServiceReference ref = refs[0];
        if (!Constants.SCOPE_PROTOTYPE.equals(ref.getProperty(Constants.SERVICE_SCOPE))) {
            throw new IllegalArgumentException("implementation " + impl + " of " + kind + " is not prototype-scoped"
                    + " here, so this node cannot create an instance separate from its own (declare its component"
                    + " @Component(scope = ServiceScope.PROTOTYPE))");
        }
        Class<?> kindClass = ref.getBundle().loadClass(kind);
        ServiceObjects objects = context.getServiceObjects(ref);
        Object instance = objects.getService();
        if (instance == null) {
            throw new IllegalStateException("implementation " + impl + " of " + kind + " could not be created (see the log)");
        }
        RemoteDispatcher d = RemoteKinds.dispatcher((Class) kindClass, instance);
        releases.put(d, () -> objects.ungetService(instance));
        sources.put(d, ref);
        return d;
    }

    @Override
    public boolean gone(RemoteDispatcher instance) {
        ServiceReference<?> ref = sources.get(instance);
        return ref != null && ref.getBundle() == null; // an unregistered service has no bundle
    }

    @Override
    public void close(RemoteDispatcher instance) {
        sources.remove(instance);
        Runnable release = releases.remove(instance);
        if (release != null) {
            try {
                release.run();
            } catch (IllegalStateException gone) {
                // the service went first (its bundle stopped): the framework released the instance
            }
        }
    }
}
