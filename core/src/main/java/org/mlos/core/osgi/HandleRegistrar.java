package org.mlos.core.osgi;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mlos.core.api.Kernel;
import org.mlos.core.kernel.SwapKernel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Registers each kind's handle as a service under the kind's interface, with
 * {@code mlos.handle=true} and the highest ranking. The registration lives as long as the kind:
 * swaps never touch it, so a static reference to a handle is never broken. A kind goes away
 * when the bundle that exports its interface is refreshed or uninstalled.
 */
final class HandleRegistrar implements SwapKernel.KindListener, SynchronousBundleListener {

    private final BundleContext context;
    private final SwapKernel kernel;
    private final Map<Class<?>, ServiceRegistration<?>> registrations = new ConcurrentHashMap<>();

    HandleRegistrar(BundleContext context, SwapKernel kernel) {
        this.context = context;
        this.kernel = kernel;
        context.addBundleListener(this);
    }

    @Override
    public void kindAdded(Class<?> kind, Object handle) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Kernel.HANDLE, Boolean.TRUE);
        props.put(Kernel.KIND, kind.getName());
        props.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        props.put(Constants.SERVICE_DESCRIPTION, "MultiLibOS handle of " + kind.getName());
        registrations.put(kind, context.registerService(kind.getName(), handle, props));
    }

    @Override
    public void kindRemoved(Class<?> kind, Object handle) {
        ServiceRegistration<?> reg = registrations.remove(kind);
        if (reg != null) {
            try {
                reg.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.UNRESOLVED && event.getType() != BundleEvent.UNINSTALLED) {
            return;
        }
        Bundle changed = event.getBundle();
        for (Class<?> kind : registrations.keySet()) {
            if (FrameworkUtil.getBundle(kind) == changed) {
                kernel.removeKind(kind);
            }
        }
    }

    void close() {
        context.removeBundleListener(this);
        for (Class<?> kind : registrations.keySet()) {
            kindRemoved(kind, null);
        }
    }
}
