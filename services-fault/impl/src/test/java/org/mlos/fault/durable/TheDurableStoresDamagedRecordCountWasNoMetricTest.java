package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.Kernel;
import org.mlos.core.settings.NodeProperties;

/**
 * The durable store counted the journal records its recovery found damaged on disk and did not
 * replay ({@link DurableStore#lastRecovery()}), said only in the log and the node's events: no
 * metric had it. The registrar now publishes it beside the store, a {@code LongSupplier} service
 * with {@code mlos.metric=mlos.durable.recovery.damaged} that the metrics bundle scrapes as a
 * gauge (its {@code PublishedFigures}), gone with the store.
 */
class TheDurableStoresDamagedRecordCountWasNoMetricTest {

    @TempDir
    Path dir;

    @Test
    void theRecoverysDamagedRecordsArePublishedAsAMetricBesideTheStore() throws Exception {
        RegistrarFramework framework = new RegistrarFramework(dir);
        DurableStoreRegistrar registrar = new DurableStoreRegistrar();
        registrar.activate(framework.context());
        try {
            Map<String, Object> metric = framework.metric(RecoveryFigures.DAMAGED);
            assertTrue(String.valueOf(metric.get(NodeProperties.METRIC_DESCRIPTION)).contains("damaged on disk"), metric.toString());
            assertEquals(framework.durable().lastRecovery().damaged(), framework.read(RecoveryFigures.DAMAGED), "the store's own figure");
        } finally {
            registrar.deactivate();
        }
        assertTrue(framework.unregistered.stream().anyMatch(r -> r.containsKey(NodeProperties.METRIC)), "gone with the store");
    }

    /** Where its writes go, so that its probation does not judge it by the memory store's speed (StoreProbeTest). */
    @Test
    void theDurableStoreSaysItsWritesGoToDisk() throws Exception {
        RegistrarFramework framework = new RegistrarFramework(dir);
        DurableStoreRegistrar registrar = new DurableStoreRegistrar();
        registrar.activate(framework.context());
        try {
            Map<String, Object> durable = framework.registered.stream().filter(r -> "durable".equals(r.get(Kernel.IMPL)))
                    .findFirst().orElseThrow(() -> new AssertionError("no durable store registered: " + framework.registered));
            assertEquals("disk", durable.get(Kernel.WHERE));
        } finally {
            registrar.deactivate();
        }
    }
}
