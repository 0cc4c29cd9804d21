package org.mlos.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The durable store counted the journal records its recovery found damaged on disk and did not
 * replay ({@code DurableStore.lastRecovery().damaged()}), and said it in the log and the node's events,
 * but no metric had it: an operator's alert could not see a recovery that lost records. A bundle
 * now publishes such a figure as a {@code LongSupplier} service with {@code mlos.metric}, and this
 * bundle scrapes it as a gauge, without either naming the other's types.
 */
class TheDurableStoresDamagedRecordCountWasNoMetricTest {

    @Test
    void aPublishedFigureIsAGaugeUntilItsServiceGoes() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PublishedFigures published = new PublishedFigures();
        AtomicLong damaged = new AtomicLong();
        LongSupplier figure = damaged::get;
        // bound before the registry is there, as DS may bind a dynamic reference before activating
        published.added(figure, Map.of(PublishedFigures.NAME, "mlos.durable.recovery.damaged", PublishedFigures.DESCRIPTION,
                "journal records the durable store's last recovery found damaged on disk and did not replay"));
        published.start(registry);
        damaged.set(1);
        String scrape = registry.scrape();
        assertTrue(scrape.contains("mlos_durable_recovery_damaged 1.0"), scrape);
        assertTrue(scrape.contains("# HELP mlos_durable_recovery_damaged journal records the durable store's last recovery"),
                scrape);
        published.removed(figure);
        assertFalse(registry.scrape().contains("mlos_durable_recovery_damaged"), "gone with its service");
    }
}
