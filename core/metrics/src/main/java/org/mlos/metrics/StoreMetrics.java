package org.mlos.metrics;

import org.mlos.mem.api.KeyValueStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The store's meters, while the node has the store's kind: read through its handle, whichever
 * store serves. Enabled by {@link MetricsComponent} only where the store's API is wired to this
 * bundle: on a node without it (the full profile) this class is never loaded, and it names the
 * store's type ({@link MetricsComponent} says why that matters).
 */
@Component(enabled = false, immediate = true, service = {})
public final class StoreMetrics {

    static final String NAME = "org.mlos.metrics.StoreMetrics";

    @Reference
    private MetricsComponent metrics;

    private final ServiceMeters<KeyValueStore> meters = new ServiceMeters<>(StoreMeters::new);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindStore")
    void bindStore(KeyValueStore s) {
        meters.bind(s);
    }

    void unbindStore(KeyValueStore s) {
        meters.unbind(s);
    }

    @Activate
    void activate() {
        meters.activate(metrics);
    }

    @Deactivate
    void deactivate() {
        meters.deactivate();
    }
}
