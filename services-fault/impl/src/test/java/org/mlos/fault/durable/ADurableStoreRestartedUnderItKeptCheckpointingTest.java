package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.tracker.ServiceTracker;

/**
 * An outsider's rollouts restarted the store behind a durable store several times: each old
 * durable store's checkpoint went on every minute, failing on its closed journal ("the journal
 * … is closed"), and kept the old store in memory. A durable store's checkpoints end with it.
 */
class ADurableStoreRestartedUnderItKeptCheckpointingTest {

    @TempDir
    Path dir;

    @Test
    void theCheckpointsOfAStoreThatWentAreCancelled() throws Exception {
        RegistrarFramework framework = new RegistrarFramework(dir).checkpointingEvery(60);
        DurableStoreRegistrar registrar = new DurableStoreRegistrar();
        registrar.activate(framework.context());
        try {
            assertEquals(1, registrar.checkpointsScheduled(), "one durable store, one checkpoint task");
            // the store behind it goes (its bundle restarts): the tracker removes the durable store
            java.lang.reflect.Field f = DurableStoreRegistrar.class.getDeclaredField("tracker");
            f.setAccessible(true);
            ((ServiceTracker<?, ?>) f.get(registrar)).close();
            assertEquals(0, registrar.checkpointsScheduled(), "its checkpoints went with it");
        } finally {
            registrar.deactivate();
        }
    }
}
