package org.mlos.cluster.remote.osgi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mlos.cluster.remote.transport.Hosting;
import org.mlos.core.api.Kernel;
import org.mlos.core.remote.RemoteDispatcher;
import org.mlos.core.remote.RemoteKinds;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
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

    OsgiHosting(BundleContext context) {
        this.context = context;
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
        return d;
    }

    @Override
    public void close(RemoteDispatcher instance) {
        Runnable release = releases.remove(instance);
        if (release != null) {
            release.run();
        }
    }
}
