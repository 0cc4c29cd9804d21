package org.mlos.fault.supervise;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.mlos.fault.api.HealthCheck;
import org.mlos.mem.api.KeyValueStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** Registers a {@link StoreProbe} for the {@code KeyValueStore} kind of nodes that have one, sampling once a second. */
@Component(service = HealthCheck.class, property = HealthCheck.KIND + "=org.mlos.mem.api.KeyValueStore", immediate = true)
public final class StoreProbeComponent implements HealthCheck {

    @Reference
    private KeyValueStore store;

    private StoreProbe probe;
    private ScheduledExecutorService sampler;

    @Activate
    void activate() {
        probe = new StoreProbe(store, System::nanoTime);
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlos-store-probe");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(probe::sample, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        sampler.shutdownNow();
    }

    @Override
    public String unhealthy(String kind, String impl) {
        return probe.unhealthy(kind, impl);
    }

    @Override
    public String unhealthy(String kind, String impl, boolean speedComparable) {
        return probe.unhealthy(kind, impl, speedComparable);
    }
}
