package org.mlos.cluster.rollout;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.mlos.core.api.Kernel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.dto.ServiceReferenceDTO;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;

/**
 * The services an update of some bundles restarts: every service of those bundles, and, to a
 * fixed point, each service of another bundle that goes with one of them. A service of a
 * Declarative Services component goes if its component is bound to one (DS deactivates it as the
 * bound service goes); any other implementation service goes if its bundle uses one (a durable
 * store registered over a store it tracks). Counting a user's whole bundle had put the fault
 * bundle's journal, bound to no store, among the kinds a heap update restarts, and refused it.
 * The kernel's bundle and the remote host, which use every implementation, stay.
 */
final class RestartScope {

    private static final String COMPONENT_ID = "component.id";

    private final Set<Long> services = new HashSet<>();
    private final Set<Long> bundles = new HashSet<>();

    private RestartScope() {
    }

    /** What restarting {@code updated} (the refresh closure of an update) restarts on this framework. */
    static RestartScope of(BundleContext context, Collection<Bundle> updated, Bundle kernelBundle) {
        RestartScope scope = new RestartScope();
        ServiceReference<?>[] all = all(context);
        for (Bundle b : updated) {
            scope.bundles.add(b.getBundleId());
        }
        for (ServiceReference<?> r : all) {
            if (r.getBundle() != null && scope.bundles.contains(r.getBundle().getBundleId())) {
                scope.services.add(id(r));
            }
        }
        Map<Long, Set<Long>> boundByComponent = boundByComponent(context);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ServiceReference<?> r : all) {
                Bundle owner = r.getBundle();
                if (owner == null || scope.services.contains(id(r)) || stays(owner, kernelBundle)) {
                    continue;
                }
                Set<Long> bound = r.getProperty(COMPONENT_ID) instanceof Long c ? boundByComponent.get(c) : null;
                boolean goes = bound != null ? bound.stream().anyMatch(scope.services::contains)
                        : r.getProperty(Kernel.IMPL) != null && scope.usesAny(owner);
                if (goes) {
                    scope.services.add(id(r));
                    scope.bundles.add(owner.getBundleId());
                    grew = true;
                }
            }
        }
        return scope;
    }

    /** Whether {@code r} goes with the update. */
    boolean restarts(ServiceReference<?> r) {
        return services.contains(id(r));
    }

    /** Whether {@code b} is updated or has a service that goes with the update: what it holds of them goes with it. */
    boolean restartsPartOf(Bundle b) {
        return bundles.contains(b.getBundleId());
    }

    private boolean usesAny(Bundle b) {
        ServiceReference<?>[] used = b.getServicesInUse();
        for (ServiceReference<?> u : used == null ? new ServiceReference<?>[0] : used) {
            if (services.contains(id(u))) {
                return true;
            }
        }
        return false;
    }

    private static boolean stays(Bundle b, Bundle kernelBundle) {
        return b.getBundleId() == 0 || KindsAside.REMOTE_HOST.equals(b.getSymbolicName())
                || (kernelBundle != null && b.getBundleId() == kernelBundle.getBundleId());
    }

    /** Component configuration id to the ids of the services bound to it; empty without DS. */
    private static Map<Long, Set<Long>> boundByComponent(BundleContext context) {
        Map<Long, Set<Long>> out = new HashMap<>();
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = ref == null ? null : context.getService(ref);
        if (scr == null) {
            return out;
        }
        try {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    Set<Long> bound = new HashSet<>();
                    for (SatisfiedReferenceDTO s : c.satisfiedReferences == null ? new SatisfiedReferenceDTO[0]
                            : c.satisfiedReferences) {
                        for (ServiceReferenceDTO b : s.boundServices == null ? new ServiceReferenceDTO[0] : s.boundServices) {
                            bound.add(b.id);
                        }
                    }
                    out.put(c.id, bound);
                }
            }
        } finally {
            context.ungetService(ref);
        }
        return out;
    }

    private static ServiceReference<?>[] all(BundleContext context) {
        try {
            // the kernel's find hook shows implementations only to a lookup whose filter names mlos.impl
            ServiceReference<?>[] any = context.getAllServiceReferences(null, null);
            ServiceReference<?>[] impls = context.getAllServiceReferences(null, "(" + Kernel.IMPL + "=*)");
            Map<Long, ServiceReference<?>> byId = new HashMap<>();
            for (ServiceReference<?>[] refs : java.util.List.of(any == null ? new ServiceReference<?>[0] : any,
                    impls == null ? new ServiceReference<?>[0] : impls)) {
                for (ServiceReference<?> r : refs) {
                    byId.put(id(r), r);
                }
            }
            return byId.values().toArray(ServiceReference<?>[]::new);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long id(ServiceReference<?> r) {
        return (Long) r.getProperty(Constants.SERVICE_ID);
    }
}
