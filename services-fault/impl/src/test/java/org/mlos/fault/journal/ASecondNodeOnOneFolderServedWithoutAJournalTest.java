package org.mlos.fault.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;

/**
 * Two nodes started with one {@code mlos.fault.dir}, neither durable: the second served, journaled
 * nothing (the first held the journal's folder), warned at each record and said COMPLETED of its
 * swaps. Its journal now refuses to start on a folder another journal holds, naming the setting,
 * and tries a free one without opening its files.
 */
class ASecondNodeOnOneFolderServedWithoutAJournalTest {

    @TempDir
    Path dir;

    @Test
    void aFolderAnotherJournalHoldsRefusesTheStartNamingTheSetting() {
        SegmentJournal first = new SegmentJournal(new JournalSettings(dir, true, Durability.NONE, 2, 1 << 16));
        try {
            first.append("first".getBytes(StandardCharsets.UTF_8));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SegmentJournal.refuseAFolderInUse(first.folder()));
            assertTrue(e.getMessage().contains("in use by") && e.getMessage().contains("give each node its own mlos.fault.dir"),
                    e.getMessage());
            assertEquals(1, first.append("second".getBytes(StandardCharsets.UTF_8)), "the first journal goes on");
        } finally {
            first.close();
        }
    }

    @Test
    void aFreeFolderIsOnlyTried() throws Exception {
        Path folder = dir.resolve("journal").resolve("segments");
        SegmentJournal.refuseAFolderInUse(folder);
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(java.util.List.of(".lock"), files.map(p -> p.getFileName().toString()).toList(),
                    "no segment made before the first record");
        }
        SegmentJournal.refuseAFolderInUse(folder); // released: tried again, still free
        SegmentJournal j = new SegmentJournal(new JournalSettings(dir, true, Durability.NONE, 2, 1 << 16));
        try {
            assertEquals(0, j.append("x".getBytes(StandardCharsets.UTF_8)), "the journal opens its folder after the try");
        } finally {
            j.close();
        }
    }

    /** The try made the node's data folder and its journal/ readable by every user of the host (0755). */
    @Test
    void theFoldersTheTryMakesAreTheOwnersAlone() throws Exception {
        Path data = dir.resolve("node.data");
        SegmentJournal.refuseAFolderInUse(data.resolve("journal").resolve("segments"));
        for (Path p : java.util.List.of(data, data.resolve("journal"), data.resolve("journal").resolve("segments"))) {
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
                    p.toString());
        }
    }
}
