package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateFormats;
import org.mlos.fault.api.Durability;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.store.heap.HeapStore;

/**
 * Found by an outsider's trial: each live swap back to {@code durable} under load logged a second
 * recovery, "recovered at its first call: … journal_records=178958", right after "recovered for
 * the state swapped in". A live swap's writes made during the copy reach the new store before its
 * import commits; the store, not yet serving, took the first as a first call on a store nobody
 * had swapped into and loaded the folder again, beside the open import. Calls during an import now
 * go to the store taking the state.
 */
class ALiveSwapIntoTheDurableStoreRecoveredItTwiceTest {

    @TempDir
    Path dir;

    @Test
    void aWriteDuringTheImportRecoversNothingAndIsKept() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        Logger jul = Logger.getLogger(DurableStore.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                said.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        JournalSettings settings = new JournalSettings(dir, true, Durability.SYNC, 5, 1 << 20);
        try {
            DurableStore durable = new DurableStore(new HeapStore(16 << 20), settings);
            EntryImport in = (EntryImport) durable.importState(StateFormats.ENTRIES);
            in.put(new StoreEntry("copied", bytes("c"), 0, 0, 1, 1));
            durable.set("during", bytes("d"), 0, 0); // a write the kernel replays before the commit
            in.check();
            in.commit();
            durable.set("after", bytes("a"), 0, 0);
            assertEquals(1, said.stream().filter(m -> m.contains("recovered")).count(), said.toString());
            assertTrue(said.stream().noneMatch(m -> m.contains("at its first call")), said.toString());
            assertArrayEquals(bytes("d"), durable.get("during").value());
            assertArrayEquals(bytes("c"), durable.get("copied").value());
            durable.close();
        } finally {
            jul.removeHandler(capture);
        }
        DurableStore again = new DurableStore(new HeapStore(16 << 20), settings);
        again.recover();
        for (String k : new String[] { "copied", "during", "after" }) {
            assertTrue(again.get(k) != null, k + " is in the folder");
        }
        again.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
