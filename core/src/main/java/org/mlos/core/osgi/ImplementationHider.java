package org.mlos.core.osgi;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

import org.mlos.core.api.Kernel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

/**
 * Keeps consumers from binding to an implementation by accident: services carrying
 * {@code mlos.impl} are hidden from every bundle but the kernel's and the system bundle, unless
 * the lookup's filter names {@code mlos.impl} itself (an explicit choice to bypass the handle,
 * for instance a benchmark comparing an implementation with its handle). So a plain
 * {@code @Reference KeyValueStore store} only ever sees the handle. Registered by
 * {@link CoreActivator} when the core bundle starts, not as a DS component: a component is
 * activated in the same pass of Declarative Services as the consumers', which then could bind an
 * implementation before it hid them.
 */
final class ImplementationHider implements FindHook, EventListenerHook {

    private final long kernelBundle;

    ImplementationHider(long kernelBundle) {
        this.kernelBundle = kernelBundle;
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        if (mayLook(context, filter)) {
            return;
        }
        references.removeIf(ref -> ref.getProperty(Kernel.IMPL) != null);
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        if (event.getServiceReference().getProperty(Kernel.IMPL) == null) {
            return;
        }
        Iterator<Map.Entry<BundleContext, Collection<ListenerInfo>>> it = listeners.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<BundleContext, Collection<ListenerInfo>> e = it.next();
            if (privileged(e.getKey())) {
                continue;
            }
            e.getValue().removeIf(info -> !namesImpl(info.getFilter()));
            if (e.getValue().isEmpty()) {
                it.remove();
            }
        }
    }

    private boolean mayLook(BundleContext context, String filter) {
        return privileged(context) || namesImpl(filter);
    }

    private boolean privileged(BundleContext context) {
        Bundle b = context.getBundle();
        return b == null || b.getBundleId() == 0 || b.getBundleId() == kernelBundle;
    }

    private static boolean namesImpl(String filter) {
        return filter != null && filter.contains(Kernel.IMPL);
    }
}
