package org.mlos.launcher.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outsider ran {@code cluster up --nodes cache=2 --supervise}, wrote, {@code cluster down},
 * then {@code cluster up --nodes cache=1}, overwrote and deleted keys, and {@code mlos scale cache
 * +1}: the new cache-2 recovered the first up's folder, and 553 of 1,000 acknowledged deletes came
 * back with their old values. An up that would leave a slot's folder unserved is refused naming it
 * ({@link SlotFolders#leftBehind}), and a scale that finds its new slot's folder moves it aside.
 * And {@code --set mlos.fault.dir=<folder>} was overridden by the cluster's folder without a word:
 * it is where the slots' folders go.
 */
class AnUpWithFewerNodesServedAStaleSlotAtTheNextScaleTest {

    @TempDir
    Path dir;

    private static final List<String> PROFILES = List.of("cache", "store", "worker");

    @Test
    void theFoldersOfSlotsNotStartedAreLeftBehindAndNoOthers() throws Exception {
        for (String f : List.of("c-cache-1.data", "c-cache-2.data", "c-store-1.data", "other-cache-2.data",
                "c-b-cache-1.data", "c-cache-2.data.stale-1")) {
            Files.createDirectories(dir.resolve(f));
        }
        Files.writeString(dir.resolve("c-cache-3.data"), "a file, not a node's folder");
        List<Path> left = SlotFolders.leftBehind(List.of(dir, dir), "c", PROFILES, Set.of("cache-1"));
        assertEquals(List.of(dir.resolve("c-cache-2.data"), dir.resolve("c-store-1.data")), left,
                "another cluster's (other, c-b: a name beginning with this one's), a folder moved aside, a file: none");
        assertTrue(SlotFolders.leftBehind(List.of(dir, dir), "c", PROFILES, Set.of("cache-1", "cache-2", "store-1")).isEmpty());
    }

    @Test
    void foldersAnEarlierUpPutInTheClustersFolderAreLeftBehindWhenAnotherIsGiven() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.createDirectories(run.resolve("c-cache-1.data"));
        assertEquals(List.of(run.resolve("c-cache-1.data")), SlotFolders.leftBehind(List.of(mine, run), "c", PROFILES,
                Set.of("cache-1")), "this up would start cache-1 empty in " + mine);
    }

    @Test
    void aNewNodesSlotFolderLeftBeforeIsMovedAsideWithItsPort() throws Exception {
        Path left = Files.createDirectories(dir.resolve("c-cache-2.data"));
        Files.writeString(dir.resolve("c-cache-2.data.port"), "21212\n");
        String line = SlotFolders.moveAsideIfAny(left);
        assertTrue(line != null && line.contains("Moved aside to ") && line.contains("starts empty"), line);
        assertFalse(Files.exists(left));
        assertFalse(Files.exists(dir.resolve("c-cache-2.data.port")), "its kept port goes with it");
        assertNull(SlotFolders.moveAsideIfAny(left), "nothing left: nothing said");
    }

    @Test
    void theFolderTheUserGaveIsWhereTheSlotsFoldersGo() {
        Path run = dir.resolve("run/cluster");
        assertEquals(run, SlotFolders.base(List.of("mlos.fault.durability=sync"), run));
        assertEquals(dir.resolve("mine"), SlotFolders.base(List.of("mlos.fault.dir=" + dir.resolve("old"),
                "mlos.fault.dir=" + dir.resolve("mine")), run), "the last one given");
        assertEquals(dir.resolve("mine/c-cache-1.data"), SlotFolders.of(dir.resolve("mine"), "c", "cache-1"));
        assertTrue(SlotFolders.base(List.of("mlos.fault.dir=rel"), run).isAbsolute(), "a node starts elsewhere");
    }
}
