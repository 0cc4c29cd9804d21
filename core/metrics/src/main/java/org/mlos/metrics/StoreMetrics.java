package org.mlos.metrics;

import org.mlos.mem.api.KeyValueStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The store's meters, on a node that has the store's kind: read through its handle, whichever
 * store serves. On a node without the store API this component is never satisfied and its class
 * never loaded ({@link MetricsComponent} says why that matters).
 */
@Component(immediate = true, service = {})
public final class StoreMetrics {

    @Reference
    private MetricsComponent metrics;

    @Reference
    private KeyValueStore store;

    private StoreMeters meters;
    private Runnable refresh;

    @Activate
    void activate() {
        meters = new StoreMeters(store, metrics.registry());
        refresh = meters::refresh;
        metrics.addRefresher(refresh);
    }

    @Deactivate
    void deactivate() {
        metrics.removeRefresher(refresh);
        meters.remove(metrics.registry());
    }
}
