package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by an outsider's trial: {@code mlos run cache-standalone --set mlos.fault.durability=sync
 * --set mlos.fault.dir=/proc/nope} logged that the durable store's folder could not be made, then
 * waited 30 s for a {@code durable} store, asking whether its name was a typo, and exited 4. The
 * folder is now tried before the boot, and the node refuses at once, as it does other bad settings.
 */
class AnUnwritableDataFolderWaitedHalfAMinuteForATypoTest {

    @TempDir
    Path dir;

    @Test
    void aFolderThatCannotBeMadeIsRefusedBeforeTheBootSayingWhy() throws Exception {
        Files.writeString(dir.resolve("a-file"), "x");
        for (String bad : new String[] { "/proc/nope", dir.resolve("a-file/store").toString() }) {
            NodeOptions.UsageException e = assertThrows(NodeOptions.UsageException.class, () -> DurabilityDefaults.check(
                    Map.of("mlos.fault.durability", "sync", "mlos.fault.dir", bad)), bad);
            assertTrue(e.getMessage().startsWith("mlos.fault.dir=" + bad + ": the durable store cannot keep its items there: "),
                    e.getMessage());
        }
        NodeOptions.UsageException e = assertThrows(NodeOptions.UsageException.class, () -> DurabilityDefaults.check(
                Map.of("mlos.kind.KeyValueStore", "durable", "mlos.fault.dir", "/proc/nope")));
        assertTrue(e.getMessage().contains("a folder cannot be made in /proc (this file system takes no new folders there)"),
                e.getMessage());
    }

    @Test
    void aFolderThatCanBeMadeIsTakenAndLeftAsItWas() throws Exception {
        DurabilityDefaults.check(Map.of("mlos.fault.durability", "batch", "mlos.fault.dir", dir.resolve("new/data").toString()));
        DurabilityDefaults.check(Map.of("mlos.fault.durability", "batch", "mlos.fault.dir", dir.toString()));
        try (var left = Files.list(dir)) {
            assertTrue(left.findAny().isEmpty(), "the check makes nothing that stays");
        }
    }

    /**
     * Without durability the node's journal of swaps and events lives in the folder: a node given
     * {@code mlos.fault.dir=/dev/null} served and warned "cannot journal" at every swap and probation.
     */
    @Test
    void aFolderForTheJournalAloneIsTriedAsWell() {
        NodeOptions.UsageException e = assertThrows(NodeOptions.UsageException.class,
                () -> DurabilityDefaults.check(Map.of("mlos.fault.dir", "/dev/null")));
        assertTrue(e.getMessage().startsWith("mlos.fault.dir=/dev/null: the node cannot keep its journal there: /dev/null"
                + " is not a folder; give a folder this user can write"), e.getMessage());
    }
}
