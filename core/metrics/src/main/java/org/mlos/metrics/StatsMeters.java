package org.mlos.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters read from one figures record of a service ({@code S}), taken once per refresh: a scrape
 * reads every meter from the same instant, and asks the service once.
 */
abstract class StatsMeters<S> implements ServiceMeters.Meters {

    private final Supplier<S> read;
    private final List<Meter> meters = new ArrayList<>();
    private volatile S stats;

    StatsMeters(Supplier<S> read) {
        this.read = read;
        this.stats = read.get();
    }

    @Override
    public void refresh() {
        stats = read.get();
    }

    /** Takes these meters out of {@code registry} (the service's kind went away). */
    @Override
    public void remove(MeterRegistry registry) {
        meters.forEach(registry::remove);
        meters.clear();
    }

    final void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<S> f) {
        meters.add(Gauge.builder(name, this, m -> f.applyAsDouble(m.stats)).description(description).register(registry));
    }

    /** @param result the {@code result} tag's value, or null for none */
    final void counter(MeterRegistry registry, String name, String result, String description, ToDoubleFunction<S> f) {
        FunctionCounter.Builder<StatsMeters<S>> b = FunctionCounter.builder(name, this, m -> f.applyAsDouble(m.stats))
                .description(description);
        if (result != null) {
            b.tag("result", result);
        }
        meters.add(b.register(registry));
    }
}
