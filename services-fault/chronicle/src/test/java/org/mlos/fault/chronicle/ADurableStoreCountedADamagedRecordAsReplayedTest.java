package org.mlos.fault.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.durable.DurableStore;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * A durable store on chronicle whose journal held a record with a byte changed on disk recovered
 * without it, as it should, but its recovery line said {@code journal_records=200}, counting the
 * record it had not replayed, and nothing of the store said it lacked one: only the journal's
 * WARNING, in the log, did. The line (and the swap's note in {@code mlos history}) now says
 * {@code journal_damaged=1}, the store's {@link DurableStore#lastRecovery()} counts it, and the
 * node's events are told.
 */
class ADurableStoreCountedADamagedRecordAsReplayedTest {

    private static final long MB = 1 << 20;
    private static final int KEYS = 200;
    private static final int DAMAGED = 77;

    @TempDir
    Path dir;

    private final KilledChronicleNodes nodes = new KilledChronicleNodes();

    private static byte[] value(int i) {
        return String.format("value-%04d-of-the-key-%04d", i, i).getBytes(StandardCharsets.ISO_8859_1);
    }

    private JournalSettings settings() {
        return new JournalSettings(dir, true, Durability.SYNC, 5, 1 << 20);
    }

    /** A store whose items are all in its journal (no checkpoint), one of them with a byte changed on disk. */
    private void writeAndDamageOne() throws Exception {
        DurableStore first = new DurableStore(new HeapStore(64 * MB), settings(), "chronicle", nodes);
        first.recover();
        for (int i = 0; i < KEYS; i++) {
            first.set("k" + i, value(i), 0, 0);
        }
        // not closed: a close checkpoints, and the records would leave the journal
        AByteChangedInAChronicleRecordWasReplayedAsAnotherValueTest.flipAByteOf(dir.resolve("store/journal-chronicle"), value(DAMAGED));
    }

    @Test
    void theRecoveryLineAndTheStoreSayHowManyRecordsWereSkippedAsDamaged() throws Exception {
        writeAndDamageOne();
        DurableStore again = new DurableStore(new HeapStore(64 * MB), settings(), "chronicle", nodes);
        List<String> told = new CopyOnWriteArrayList<>();
        again.tellDamageTo(told::add);
        try {
            String line = String.valueOf((Object) again.recover());
            assertTrue(line.contains("journal_records=" + (KEYS - 1) + " journal_damaged=1 "), line);
            assertEquals(1, again.lastRecovery().damaged(), "the store's own figure");
            assertNull(again.get("k" + DAMAGED), "not replayed");
            assertArrayEquals(value(DAMAGED + 1), again.get("k" + (DAMAGED + 1)).value());
            assertEquals(KEYS - 1, again.size());
            assertEquals(1, told.size(), told.toString());
            assertTrue(told.get(0).contains("recovered without 1 journal record damaged on disk")
                    && told.get(0).contains("journal-chronicle"), told.get(0));
        } finally {
            again.close();
        }
    }

    /** The swap into the restarted store (a node whose memory store served the boot) says it in its note. */
    @Test
    void theSwapIntoTheStoreSaysItInItsNote() throws Exception {
        writeAndDamageOne();
        SwapKernel kernel = new SwapKernel();
        kernel.install(KeyValueStore.class, "heap", new HeapStore(64 * MB), 0);
        DurableStore durable = new DurableStore(new HeapStore(64 * MB), settings(), "chronicle", nodes);
        kernel.install(KeyValueStore.class, "durable", durable, 0);
        try {
            SwapReport r = kernel.swap("KeyValueStore", "durable");
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            assertTrue(r.toLine().contains("journal_records=" + (KEYS - 1) + " journal_damaged=1 recovery_ms="), r.toLine());
            assertEquals(1, durable.lastRecovery().damaged());
        } finally {
            durable.close();
        }
    }

    /** A sound folder's line is as it was: {@code journal_damaged} only when some were. */
    @Test
    void aSoundFolderSaysNoDamage() {
        DurableStore first = new DurableStore(new HeapStore(64 * MB), settings(), "chronicle", nodes);
        first.recover();
        for (int i = 0; i < 10; i++) {
            first.set("k" + i, value(i), 0, 0);
        }
        DurableStore again = new DurableStore(new HeapStore(64 * MB), settings(), "chronicle", nodes);
        try {
            String line = String.valueOf((Object) again.recover());
            assertTrue(line.matches("checkpoint_entries=0 journal_records=10 recovery_ms=\\d+"), line);
            assertEquals(0, again.lastRecovery().damaged());
        } finally {
            again.close();
        }
    }
}
