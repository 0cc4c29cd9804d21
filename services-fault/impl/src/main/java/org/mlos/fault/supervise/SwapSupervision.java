package org.mlos.fault.supervise;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.mlos.core.api.Kernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.HealthCheck;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.StorageRefusals;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The node's swap supervisor: polls the kernel's swap history every 100 ms, runs the
 * {@link HealthCheck} services of kinds on probation, and logs every swap and decision, also into
 * the {@code Journal} kind when {@value Durability#DIR_PROPERTY} names a folder.
 */
@Component(immediate = true)
public final class SwapSupervision {

    private static final System.Logger LOG = System.getLogger(SwapSupervision.class.getName());
    private static final long POLL_MS = 100;

    @Reference
    private Kernel kernel;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Journal journal;

    private final Map<HealthCheck, String> checks = new ConcurrentHashMap<>();
    private ScheduledExecutorService poller;
    private boolean journaling;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCheck(HealthCheck check, Map<String, Object> props) {
        Object kind = props.get(HealthCheck.KIND);
        if (kind == null) {
            LOG.log(System.Logger.Level.WARNING, "health check " + check + " has no " + HealthCheck.KIND
                    + " property naming its kind: ignored");
            return;
        }
        checks.put(check, String.valueOf(kind));
    }

    void removeCheck(HealthCheck check) {
        checks.remove(check);
    }

    private final RefusalsTold refusals = new RefusalsTold();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRefusals(StorageRefusals told, Map<String, Object> props) {
        refusals.add(told, props);
    }

    void removeRefusals(StorageRefusals told) {
        refusals.remove(told);
    }

    @Activate
    void activate(BundleContext context) {
        SupervisionSettings settings = SupervisionSettings.from(context::getProperty);
        String dir = context.getProperty(Durability.DIR_PROPERTY);
        journaling = dir != null && !dir.isBlank();
        SwapSupervisor supervisor = new SwapSupervisor(kernel, settings, this::checksOf, (kind, impl) -> place(context, kind, impl),
                refusals, this::event, System::currentTimeMillis);
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlos-swap-supervisor");
            t.setDaemon(true);
            return t;
        });
        org.osgi.framework.Bundle framework = context.getBundle(0);
        poller.scheduleWithFixedDelay(() -> {
            if (framework.getState() == org.osgi.framework.Bundle.STOPPING) {
                return; // the node stopping takes its implementations away: nothing to judge
            }
            try {
                supervisor.poll();
            } catch (RuntimeException | Error e) {
                if (framework.getState() == org.osgi.framework.Bundle.STOPPING) {
                    // a round racing the node's stop, its implementations gone already: no failure
                    // to tell (beside a busy machine it printed a warning and a stack trace after
                    // a failed start's reason)
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "swap supervision round failed (the next one retries): " + e, e);
            }
        }, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        poller.shutdownNow();
    }

    /**
     * The {@link Kernel#WHERE} of the kind's implementation of that name, or null (none told, or
     * none registered now). The filter names {@link Kernel#IMPL}, which the kernel's hider asks of
     * a bundle that looks at implementations rather than the handle; the names are compared here,
     * not in the filter, as a name is the user's and may hold a filter's special characters.
     */
    private static String place(BundleContext context, String kind, String impl) {
        ServiceReference<?>[] refs;
        try {
            // properties only, never the service: its class need not be this bundle's
            refs = context.getAllServiceReferences(kind, "(" + Kernel.IMPL + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        } catch (IllegalStateException e) {
            return null; // this bundle stopping: the round that asked is the last
        }
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            // trimmed as the kernel's tracker reads the name
            if (impl.equals(String.valueOf(ref.getProperty(Kernel.IMPL)).trim()) && ref.getProperty(Kernel.WHERE) != null) {
                return String.valueOf(ref.getProperty(Kernel.WHERE));
            }
        }
        return null;
    }

    private List<HealthCheck> checksOf(String kind) {
        List<HealthCheck> out = new ArrayList<>();
        String simple = kind.substring(kind.lastIndexOf('.') + 1);
        checks.forEach((c, k) -> {
            if (k.equals(kind) || k.equals(simple)) {
                out.add(c);
            }
        });
        return out;
    }

    private void event(String line, boolean routine) {
        LOG.log(routine ? System.Logger.Level.DEBUG : System.Logger.Level.INFO, line);
        Journal j = journal;
        if (journaling && j != null) {
            try {
                j.append((System.currentTimeMillis() + " " + line).getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot journal '" + line + "': " + e);
            }
        }
    }
}
