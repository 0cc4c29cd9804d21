package org.mlos.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.mlos.core.settings.NodeProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Figures other bundles publish as gauges: a {@link LongSupplier} service with the service
 * property {@value #NAME} (the meter's name) and, optionally, {@value #DESCRIPTION}. Through a
 * JDK type so that this bundle names none of theirs (a durable store's count of journal records
 * its recovery found damaged, say: a node without the fault bundles loads nothing of them), and
 * they need nothing of this one, which a node may not have.
 */
@Component(immediate = true, service = {})
public final class PublishedFigures {

    /** Service property of a published figure: the meter's name ({@code mlos.durable.recovery.damaged}). */
    public static final String NAME = NodeProperties.METRIC;
    /** Service property of a published figure: what it counts, the meter's description. */
    public static final String DESCRIPTION = NodeProperties.METRIC_DESCRIPTION;

    @Reference
    private MetricsComponent metrics;

    private final Map<LongSupplier, Map<String, Object>> figures = new LinkedHashMap<>();
    private final Map<LongSupplier, Meter> meters = new LinkedHashMap<>();
    private MeterRegistry registry;

    @Reference(name = "figure", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + NAME + "=*)", unbind = "removed")
    synchronized void added(LongSupplier figure, Map<String, Object> properties) {
        figures.put(figure, properties);
        if (registry != null) {
            register(figure, properties);
        }
    }

    synchronized void removed(LongSupplier figure) {
        figures.remove(figure);
        Meter m = meters.remove(figure);
        if (m != null && registry != null) {
            registry.remove(m);
        }
    }

    @Activate
    void activate() {
        start(metrics.registry());
    }

    /** Publishes the figures bound, and those bound from now on, in {@code r}. */
    synchronized void start(MeterRegistry r) {
        registry = r;
        figures.forEach(this::register);
    }

    @Deactivate
    synchronized void deactivate() {
        meters.values().forEach(registry::remove);
        meters.clear();
        registry = null;
    }

    private void register(LongSupplier figure, Map<String, Object> properties) {
        Object description = properties.get(DESCRIPTION);
        meters.put(figure, Gauge.builder(String.valueOf(properties.get(NAME)), figure, LongSupplier::getAsLong)
                .description(description == null ? null : description.toString()).strongReference(true).register(registry));
    }
}
