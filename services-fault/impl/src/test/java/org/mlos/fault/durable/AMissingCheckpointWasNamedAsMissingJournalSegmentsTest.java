package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.mem.store.heap.HeapStore;

/**
 * Found by an outsider's trial: with the durable store's checkpoint removed, the node refused to
 * start saying its checkpoint "needs journal records from 0 but the journal starts at …
 * (segments were removed by hand?)": the segments were all there; the checkpoint, which held the
 * records the journal had let go, was not. Restoring segments that never existed was no remedy.
 */
class AMissingCheckpointWasNamedAsMissingJournalSegmentsTest {

    private final KilledNodes nodes = new KilledNodes();

    @TempDir
    Path dir;

    private DurableStore store() {
        return nodes.durable(new HeapStore(64 << 20), new JournalSettings(dir, true, Durability.BATCH, 5, 1 << 20));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theMissingCheckpointIsNamed() throws Exception {
        DurableStore s = store();
        s.recover();
        for (int i = 0; i < 5000; i++) {
            s.set("k" + i, b("v" + i), 0, 0);
        }
        assertEquals(5000, s.checkpoint());
        s.set("after", b("x"), 0, 0);
        Path checkpoint;
        try (var files = Files.walk(dir)) {
            checkpoint = files.filter(p -> p.getFileName().toString().equals(Checkpoint.FILE)).findFirst().orElseThrow();
        }
        Files.delete(checkpoint);

        Exception e = assertThrows(Exception.class, () -> store().recover());
        String why = e.getMessage() + (e.getCause() == null ? "" : " / " + e.getCause().getMessage());
        assertTrue(why.contains("its checkpoint (" + checkpoint + ") is missing, and the journal starts at record "), why);
        assertTrue(why.contains("restore it, or remove the folder to start empty"), why);
        assertTrue(!why.contains("segments were removed"), why);
        assertEquals(why.indexOf("cannot recover:"), why.lastIndexOf("cannot recover:"), "said once: " + why);
    }

    @Test
    void aFolderWithoutACheckpointWhoseJournalStartsAtTheBeginningRecovers() throws Exception {
        DurableStore s = store();
        s.recover();
        s.set("a", b("1"), 0, 0);
        DurableStore again = store();
        assertEquals(0, again.recover().checkpointEntries(), "no checkpoint yet: the journal has everything");
        assertEquals("1", new String(again.get("a").value(), StandardCharsets.ISO_8859_1));
    }
}
