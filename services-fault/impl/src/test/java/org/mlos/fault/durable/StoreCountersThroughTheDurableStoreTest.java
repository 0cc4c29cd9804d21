package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
 * A store's counters travel beside its items at a swap; through the durable store they reach the
 * store behind it and come out again, but are not journaled: a restart counts from zero, as
 * memcached's restart does, and the journal holds items only.
 */
class StoreCountersThroughTheDurableStoreTest {

    private static final long MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void countersGoInAndOutButAreNotJournaled() throws Exception {
        SwapKernel kernel = new SwapKernel();
        KeyValueStore handle = kernel.handle(KeyValueStore.class);
        kernel.install(KeyValueStore.class, "heap", new HeapStore(64 * MB), 0);
        for (int i = 0; i < 500; i++) {
            handle.set("k" + i, "v".getBytes(StandardCharsets.ISO_8859_1), 0, 0);
            handle.get("k" + i);
        }
        JournalSettings settings = new JournalSettings(dir, true, Durability.SYNC, 5, 1 << 20);
        DurableStore durable = new DurableStore(new HeapStore(64 * MB), settings);
        durable.recover();
        kernel.install(KeyValueStore.class, "durable", durable, 0);
        long recordsBefore = durable.journalRecords();

        SwapReport in = kernel.swap("KeyValueStore", "durable");
        assertEquals(SwapOutcome.COMPLETED, in.outcome(), in.toLine());
        assertEquals(500, handle.stats().totalItems(), "total_items came through");
        assertEquals(500, handle.stats().getHits(), "get_hits came through");
        assertEquals(500, durable.journalRecords() - recordsBefore, "one record an item, none for the counters");

        handle.set("in-durable", "x".getBytes(StandardCharsets.ISO_8859_1), 0, 0);
        SwapReport out = kernel.swap("KeyValueStore", "heap");
        assertEquals(SwapOutcome.COMPLETED, out.outcome(), out.toLine());
        assertEquals(501, handle.stats().totalItems(), "and out again, with what the durable store counted");

        SwapReport back = kernel.swap("KeyValueStore", "durable");
        assertEquals(SwapOutcome.COMPLETED, back.outcome(), back.toLine());
        durable.close();
        DurableStore restarted = new DurableStore(new HeapStore(64 * MB), settings);
        restarted.recover();
        assertEquals(501, restarted.size(), "the items are back");
        assertEquals(0, restarted.stats().totalItems(), "the counters start again, as memcached's do at a restart");
    }
}
