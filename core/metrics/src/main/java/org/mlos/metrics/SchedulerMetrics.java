package org.mlos.metrics;

import org.mlos.sched.api.Scheduler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The scheduler's meters, while the node has the scheduler's kind: read through its handle,
 * whichever scheduler serves. An operator could tell a node's worker count (set with
 * {@code mlos.sched.workers}) only from its threads' names. Enabled by {@link MetricsComponent}
 * only where the scheduler's API is wired to this bundle, as {@link StoreMetrics} is.
 */
@Component(enabled = false, immediate = true, service = {})
public final class SchedulerMetrics {

    static final String NAME = "org.mlos.metrics.SchedulerMetrics";

    @Reference
    private MetricsComponent metrics;

    private final ServiceMeters<Scheduler> meters = new ServiceMeters<>(SchedulerMeters::new);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindScheduler")
    void bindScheduler(Scheduler s) {
        meters.bind(s);
    }

    void unbindScheduler(Scheduler s) {
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
