package org.mlos.launcher.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outsider ran {@code cluster up --nodes cache=2 --supervise}, wrote, {@code cluster down},
 * then {@code cluster up --nodes cache=1}, overwrote and deleted keys, and {@code mlos scale cache
 * +1}: the new cache-2 recovered the first up's folder, and 553 of 1,000 acknowledged deletes came
 * back with their old values. A slot's folder that the cluster ran without is moved aside, at the
 * smaller up and, should one be there, as a scale starts a node in its slot. And {@code --set
 * mlos.fault.dir=<folder>} was overridden by the cluster's folder without a word: it is where the
 * slots' folders go.
 */
class AnUpWithFewerNodesServedAStaleSlotAtTheNextScaleTest {

    @TempDir
    Path dir;

    @Test
    void theFoldersOfSlotsNotStartedAreMovedAsideAndNoOthers() throws Exception {
        for (String f : List.of("c-cache-1.data", "c-cache-2.data", "c-store-1.data", "other-cache-2.data")) {
            Files.createDirectories(dir.resolve(f)).resolve("journal").toFile().mkdirs();
        }
        Files.writeString(dir.resolve("c-cache-3.data"), "a file, not a node's folder");
        List<String> lines = SlotFolders.moveAsideAllBut(dir, "c", Set.of("cache-1"));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("no node of this cluster up runs in its slot"), lines.get(0));
        assertTrue(Files.isDirectory(dir.resolve("c-cache-1.data")), "the slot started keeps its folder");
        assertFalse(Files.exists(dir.resolve("c-cache-2.data")));
        assertFalse(Files.exists(dir.resolve("c-store-1.data")));
        assertTrue(Files.isDirectory(dir.resolve("other-cache-2.data")), "another cluster's folder is left alone");
        try (Stream<Path> all = Files.list(dir)) {
            List<String> aside = all.map(p -> p.getFileName().toString()).filter(n -> n.contains(".stale-")).toList();
            assertEquals(2, aside.size(), aside.toString());
            assertTrue(aside.stream().allMatch(n -> Files.isDirectory(dir.resolve(n).resolve("journal"))), "moved whole: " + aside);
        }
    }

    @Test
    void aNewNodesSlotFolderLeftBeforeIsMovedAside() throws Exception {
        Path left = Files.createDirectories(dir.resolve("c-cache-2.data"));
        String line = SlotFolders.moveAsideIfAny(left, "a new node takes its slot");
        assertTrue(line != null && line.contains("Moved aside to ") && line.contains("starts empty"), line);
        assertFalse(Files.exists(left));
        assertNull(SlotFolders.moveAsideIfAny(left, "a new node takes its slot"), "nothing left: nothing said");
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
