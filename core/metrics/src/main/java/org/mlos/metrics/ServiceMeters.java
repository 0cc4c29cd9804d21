package org.mlos.metrics;

import java.util.function.BiFunction;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of a kind's service while the node has it: made once both the service and the
 * component that reads it are there, taken out of the registry when either goes (a profile
 * without the kind, a bundle stopped). What {@link StoreMetrics} and {@link SchedulerMetrics}
 * have in common, so that each is only its references.
 */
final class ServiceMeters<T> {

    /** One service's meters: brought up to date at each scrape, removed with the service. */
    interface Meters {
        void refresh();

        void remove(MeterRegistry registry);
    }

    private final BiFunction<T, MeterRegistry, Meters> make;
    private MetricsComponent metrics;
    private T service;
    private Meters meters;
    private Runnable refresh;

    ServiceMeters(BiFunction<T, MeterRegistry, Meters> make) {
        this.make = make;
    }

    synchronized void bind(T s) {
        service = s;
        if (metrics != null) {
            attach();
        }
    }

    synchronized void unbind(T s) {
        if (service == s) {
            detach();
            service = null;
        }
    }

    synchronized void activate(MetricsComponent m) {
        metrics = m;
        if (service != null) {
            attach();
        }
    }

    synchronized void deactivate() {
        detach();
        metrics = null;
    }

    private void attach() {
        detach();
        meters = make.apply(service, metrics.registry());
        refresh = meters::refresh;
        metrics.addRefresher(refresh);
    }

    private void detach() {
        if (meters != null) {
            metrics.removeRefresher(refresh);
            meters.remove(metrics.registry());
            meters = null;
        }
    }
}
