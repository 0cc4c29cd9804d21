package org.mlos.fault.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.durable.DurableStore;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * A swap of the {@code Journal} kind into a journal whose disk was full rolled back with the
 * import's raw exception as its reason ({@code UncheckedIOException: cannot create journal
 * segment …: No space left on device}), where the journal's writes on that disk are said as
 * {@code the disk holding <folder> is full or failing}. The rollback now says it so, naming the
 * folder and what to do; so does a swap into the durable store, whose import journals each item
 * it takes. The disk is made full as the other full-disk tests make it: the
 * segment's blocks taken ahead are refused ({@link FullDisk}).
 */
class ASwapIntoAJournalOnAFullDiskRolledBackSayingARawExceptionTest {

    private static final String KIND = Journal.class.getName();

    @TempDir
    Path dir;

    @Test
    void aSwapIntoAnOpenJournalWhoseDiskFilledSaysTheDiskIsFull() {
        rollsBackSayingTheDiskIsFull(true);
    }

    @Test
    void aSwapIntoAJournalWhoseDiskHadNoRoomToOpenSaysTheDiskIsFull() {
        rollsBackSayingTheDiskIsFull(false);
    }

    @Test
    void aSwapIntoTheDurableStoreWhoseJournalsDiskFilledSaysTheDiskIsFull() throws Exception {
        FullDisk disk = new FullDisk();
        Path journalDir = dir.resolve("store").resolve("journal");
        SwapKernel kernel = new SwapKernel();
        KeyValueStore handle = kernel.handle(KeyValueStore.class);
        kernel.install(KeyValueStore.class, "heap", new HeapStore(16L << 20), 0);
        // segments of 64 KB: the import's records fill the first and the next one asks the full disk for its blocks
        DurableStore durable = new DurableStore(new HeapStore(16L << 20), new JournalSettings(dir, true, Durability.NONE, 5,
                64 << 10), DurableStore.SEGMENTS, (d, bytes) -> new SegmentLog(d, bytes, disk));
        try {
            kernel.install(KeyValueStore.class, "durable", durable, 0);
            byte[] value = new byte[1024];
            for (int i = 0; i < 200; i++) {
                handle.set("k" + i, value, 0, 0);
            }
            disk.full = true;
            SwapReport report = kernel.swap("KeyValueStore", "durable");
            assertEquals(SwapOutcome.ROLLED_BACK, report.outcome(), report.toString());
            assertTrue(report.reason().startsWith("UncheckedIOException: the journal in " + journalDir + " cannot take the state"
                    + " swapped in: the disk holding " + journalDir + " is full or failing"), report.reason());
            assertTrue(report.reason().contains("free space on that disk"), "says what to do: " + report.reason());
            assertEquals("heap", kernel.kind(KeyValueStore.class.getName()).orElseThrow().active());
        } finally {
            durable.close();
        }
    }

    private void rollsBackSayingTheDiskIsFull(boolean openedBefore) {
        Path from = dir.resolve("from");
        Path to = dir.resolve("to");
        FullDisk disk = new FullDisk();
        JournalOn serving = new JournalOn(from, () -> new SegmentLog(from, 1 << 20));
        JournalOn full = new JournalOn(to, () -> new SegmentLog(to, 1 << 20, disk));
        SwapKernel kernel = new SwapKernel();
        Journal journal = kernel.handle(Journal.class);
        try {
            kernel.install(Journal.class, "segments", serving, 0);
            kernel.install(Journal.class, "full", full, 0);
            for (int i = 0; i < 3; i++) {
                assertEquals(i, journal.append(bytes("r" + i)));
            }
            if (openedBefore) {
                assertEquals(0, full.nextIndex(), "the target journal opened while the disk had room");
            }
            disk.full = true;
            SwapReport report = kernel.swap(KIND, "full");
            assertEquals(SwapOutcome.ROLLED_BACK, report.outcome(), report.toString());
            String reason = report.reason();
            assertTrue(reason.contains("the disk holding " + to + " is full or failing (")
                    && reason.contains("No space left on device"), reason);
            assertTrue(reason.startsWith("UncheckedIOException: the journal in " + to + " cannot take the state swapped in: the disk"
                    + " holding " + to + " is full or failing"), "not the raw exception: " + reason);
            assertTrue(reason.contains("free space on that disk"), "says what to do: " + reason);
            assertTrue(!reason.contains("abort() threw UncheckedIOException: cannot create"), "the rollback's own step too: " + reason);
            assertEquals("segments", kernel.kind(KIND).orElseThrow().active());
            assertArrayEquals(bytes("r2"), journal.read(2, 1).get(0).data(), "the journal before serves, its records kept");
        } finally {
            serving.close();
            full.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
