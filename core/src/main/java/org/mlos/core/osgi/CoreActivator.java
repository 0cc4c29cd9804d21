package org.mlos.core.osgi;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;

/**
 * Hides the kinds' implementations ({@link ImplementationHider}) from the moment the core bundle
 * starts, before Declarative Services activates any consumer: in a framework that starts every
 * bundle at one start level (Felix's auto-deploy folder), the hider as a DS component came up in
 * the same pass as the consumers, and a consumer that bound an implementation directly kept
 * calling it after a swap, its writes lost to the new one.
 */
public final class CoreActivator implements BundleActivator {

    private ServiceRegistration<?> hider;

    @Override
    public void start(BundleContext context) {
        hider = context.registerService(new String[] { FindHook.class.getName(), EventListenerHook.class.getName() },
                new ImplementationHider(context.getBundle().getBundleId()), new java.util.Hashtable<>(java.util.Map.of(
                        org.osgi.framework.Constants.SERVICE_DESCRIPTION, "hides the kinds' implementations (mlos.impl)"
                                + " from every bundle but the kernel's, unless a lookup names mlos.impl")));
        ImplementationsHeldDirectly.handle(context);
    }

    @Override
    public void stop(BundleContext context) {
        hider.unregister();
    }
}
