package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.settings.NodeProperties;
import org.mlos.fault.api.Durability;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.mem.store.heap.HeapStore;

/**
 * Of the durable store's recovery line ({@code checkpoint_entries=… journal_records=…
 * recovery_ms=…}) only the damaged records were a metric: a node whose restart replayed a long
 * journal, or found it ending before its checkpoint, showed it in its log alone. Every figure of
 * the line is a published gauge now ({@link RecoveryFigures}), read from the store's last
 * recovery, all 0 before one, and withdrawn with the store.
 */
class TheRecoveryLinesFiguresWereNoMetricsTest {

    private static final List<String> FIGURES = List.of(RecoveryFigures.DAMAGED, RecoveryFigures.BEHIND,
            RecoveryFigures.CHECKPOINT_ENTRIES, RecoveryFigures.REPLAYED, RecoveryFigures.MILLIS);

    @TempDir
    Path dir;

    @Test
    void everyFigureOfTheRecoveryLineIsAMetricOfTheLastRecovery() throws Exception {
        // a node killed with 40 writes in its journal after its checkpoint of 300
        KilledNodes nodes = new KilledNodes();
        DurableStore first = nodes.durable(new HeapStore(16L << 20), new JournalSettings(dir, true, Durability.SYNC, 5, 1 << 20));
        first.recover();
        for (int i = 0; i < 300; i++) {
            first.set("k" + i, new byte[] { (byte) i }, 0, 0);
        }
        first.checkpoint();
        for (int i = 0; i < 40; i++) {
            first.set("later" + i, new byte[] { (byte) i }, 0, 0);
        }
        nodes.killAll();

        RegistrarFramework again = new RegistrarFramework(dir).recoveringBeforeServing();
        DurableStoreRegistrar restarted = new DurableStoreRegistrar();
        restarted.activate(again.context());
        try {
            Recovery r = again.durable().lastRecovery();
            assertEquals(300, r.checkpointEntries(), r.toString());
            assertEquals(40, r.replayed(), r.toString());
            assertEquals(r.checkpointEntries(), again.read(RecoveryFigures.CHECKPOINT_ENTRIES), r.toString());
            assertEquals(r.replayed(), again.read(RecoveryFigures.REPLAYED), r.toString());
            assertEquals(r.millis(), again.read(RecoveryFigures.MILLIS), r.toString());
            assertEquals(0, again.read(RecoveryFigures.DAMAGED), r.toString());
            assertEquals(0, again.read(RecoveryFigures.BEHIND), r.toString());
            for (String figure : FIGURES) {
                assertTrue(!String.valueOf(again.metric(figure).get(NodeProperties.METRIC_DESCRIPTION)).isBlank(), figure);
            }
        } finally {
            restarted.deactivate();
        }
        for (String figure : FIGURES) {
            assertTrue(again.unregistered.contains(again.metric(figure)), figure + " withdrawn with the store");
        }
    }

    @Test
    void theFiguresReadNothingBeforeARecovery() throws Exception {
        RegistrarFramework framework = new RegistrarFramework(dir);
        DurableStoreRegistrar registrar = new DurableStoreRegistrar();
        registrar.activate(framework.context());
        try {
            for (String figure : FIGURES) {
                assertEquals(0, framework.read(figure), figure);
            }
        } finally {
            registrar.deactivate();
        }
    }
}
