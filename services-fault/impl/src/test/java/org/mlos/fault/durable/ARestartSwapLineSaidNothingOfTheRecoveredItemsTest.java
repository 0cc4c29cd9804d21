package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * The regression this pins: a node restarted on its folder swaps from the empty store it booted
 * with into the durable store, which recovers the folder in its import; {@code mlos history}'s
 * line for that swap read {@code entries=0 bytes=0 replayed=0} and nothing else, so an operator
 * could not tell from it that 300 items came back. The line's note now says what the folder gave.
 */
class ARestartSwapLineSaidNothingOfTheRecoveredItemsTest {

    private static final long MB = 1 << 20;

    @TempDir
    Path dir;

    private SwapKernel kernel;
    /** The swap of the last boot. */
    private SwapReport boot;

    @Test
    void theSwapIntoARestartedDurableStoreSaysWhatItRecovered() throws Exception {
        JournalSettings settings = new JournalSettings(dir, true, Durability.SYNC, 5, 1 << 20);
        DurableStore first = boot(settings);
        KeyValueStore handle = kernel.handle(KeyValueStore.class);
        for (int i = 0; i < 300; i++) {
            handle.set("k" + i, "v".getBytes(StandardCharsets.ISO_8859_1), 0, 0);
        }
        first.close();

        DurableStore restarted = boot(settings);
        assertEquals(SwapOutcome.COMPLETED, boot.outcome(), boot.toLine());
        assertEquals(0, boot.entries(), "nothing moved from the empty store booted with: " + boot.toLine());
        assertEquals(300, kernel.handle(KeyValueStore.class).stats().entries(), "the items came back");
        String line = boot.toLine();
        assertTrue(line.contains("reason=\"recovered from " + restarted.dir() + ": checkpoint_entries="), line);
        Matcher m = Pattern.compile("checkpoint_entries=(\\d+) journal_records=(\\d+) recovery_ms=\\d+\"$").matcher(line);
        assertTrue(m.find(), line);
        assertEquals(300, Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)), "the folder's items, counted: " + line);
        restarted.close();
    }

    /** A node's boot: an empty store serves first, then the durable store, not recovered, is swapped in (as DurableStoreRegistrar does). */
    private DurableStore boot(JournalSettings settings) {
        kernel = new SwapKernel();
        kernel.install(KeyValueStore.class, "heap", new HeapStore(64 * MB), 0);
        DurableStore durable = new DurableStore(new HeapStore(64 * MB), settings);
        kernel.install(KeyValueStore.class, "durable", durable, 0);
        boot = kernel.swap("KeyValueStore", "durable");
        return durable;
    }
}
