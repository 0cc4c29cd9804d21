package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.LoggedLines;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.JournalRefusals;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.log.SegmentLog;
import org.mlos.mem.store.heap.HeapStore;

/**
 * An outsider filled the disk under a durable node: each write was answered "SERVER_ERROR …
 * java.lang.InternalError: a fault occurred in an unsafe memory access operation", which names
 * neither the disk nor the file, and the node's log stayed silent through 12,380 refused writes.
 * The caller is told the disk holding the journal is full or failing, and the log says so once,
 * then at most once a minute with the count.
 */
@Timeout(60)
class AFullDiskWasAnUnsafeMemoryAccessFaultAndLoggedNothingTest {

    @TempDir
    Path dir;

    @Test
    void eachCallerIsToldOfTheDiskAndTheLogOnceAMinute() throws Exception {
        LoggedLines log = LoggedLines.of(DurableStore.class.getName());
        CheckpointDuringARefusedWriteKeepsNoPhantomTest.StallingLog[] journal = new CheckpointDuringARefusedWriteKeepsNoPhantomTest.StallingLog[1];
        DurableStore s = new DurableStore(new HeapStore(64L << 20), new JournalSettings(dir, true, Durability.SYNC, 5, 1 << 20),
                DurableStore.SEGMENTS, (d, bytes) -> journal[0] = new CheckpointDuringARefusedWriteKeepsNoPhantomTest.StallingLog(
                        new SegmentLog(d, bytes)));
        try {
            s.recover();
            journal[0].fault = new InternalError("a fault occurred in an unsafe memory access operation");
            for (int i = 0; i < 100; i++) {
                int n = i;
                JournalWriteFailed e = assertThrows(JournalWriteFailed.class,
                        () -> s.set("k" + n, "v".getBytes(StandardCharsets.UTF_8), 0, 0));
                assertTrue(e.getMessage().contains("the disk holding " + dir.resolve("store").resolve("journal")
                        + " is full or failing"), e.getMessage());
                assertNull(s.get("k" + n), "a write not journaled is not served");
            }
            List<String> warnings = log.at(Level.WARNING).stream().filter(w -> w.contains("refused")).toList();
            assertEquals(1, warnings.size(), "one line for 100 refusals within a minute: " + warnings);
            assertTrue(warnings.get(0).contains("1 write refused") && warnings.get(0).contains("is full or failing"), warnings.get(0));
        } finally {
            log.close();
            journal[0].fault = null;
            s.close();
        }
    }

    @Test
    void afterAMinuteTheNextRefusalIsLoggedWithTheCountSince() {
        JournalRefusals r = new JournalRefusals(System.getLogger(DurableStore.class.getName()), "durable store", "not served");
        Path journal = Path.of("/data/store/journal");
        Error noSpace = new InternalError("a fault occurred in an unsafe memory access operation");
        LoggedLines log = LoggedLines.of(DurableStore.class.getName());
        try {
            long t = 1_000;
            r.refused(noSpace, journal, t);
            for (int i = 0; i < 41; i++) {
                r.refused(noSpace, journal, t + i);
            }
            r.refused(noSpace, journal, t + JournalRefusals.GAP_NANOS);
            List<String> said = log.at(Level.WARNING);
            assertEquals(2, said.size(), said.toString());
            assertTrue(said.get(1).contains("42 writes refused in the last minute or more"), said.get(1));
        } finally {
            log.close();
        }
    }
}
