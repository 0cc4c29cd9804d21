package org.mlos.fault.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.LoggedLines;

/**
 * A {@code Journal} whose first segment the disk had no room for threw the open's error at its
 * callers as it came: not counted as a {@code StorageRefusals} refusal (so the swap supervisor
 * judged it a failure of the implementation's), not in the node's log as the refusals of an
 * open journal's writes are. Now it is said, counted and logged as they are; a folder another
 * journal holds is still no refusal of the disk's.
 */
class AJournalThatCouldNotOpenItsFirstSegmentOnAFullDiskWasNoRefusalTest {

    @TempDir
    Path dir;

    @Test
    void anOpenTheFullDiskRefusesIsSaidCountedAndLoggedAsARefusedWrite() {
        Path folder = dir.resolve("journal").resolve("segments");
        FullDisk disk = new FullDisk();
        disk.full = true;
        JournalOn journal = new JournalOn(folder, () -> new SegmentLog(folder, 1 << 20, disk));
        try (LoggedLines log = LoggedLines.of(JournalOn.class.getName())) {
            for (int i = 0; i < 5; i++) {
                UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> journal.append(bytes("r")));
                assertTrue(e.getMessage().startsWith("the journal refused the write: the disk holding " + folder
                        + " is full or failing"), e.getMessage());
                assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            }
            assertThrows(UncheckedIOException.class, journal::sync, "a sync opens the log too");
            assertEquals(6, journal.refusals().refused(), "each told to the swap supervisor");
            assertTrue(journal.refusals().lastReason().contains(folder.toString()), journal.refusals().lastReason());
            List<String> warnings = log.at(Level.WARNING).stream().filter(w -> w.contains("refused")).toList();
            assertEquals(1, warnings.size(), "one line for the refusals within a minute: " + warnings);
            assertTrue(warnings.get(0).contains("journal in " + folder + ": 1 write refused"), warnings.get(0));
            disk.full = false; // the disk freed: the next call opens the journal
            assertEquals(0, journal.append(bytes("after")));
            assertArrayEquals(bytes("after"), journal.read(0, 1).get(0).data());
        } finally {
            journal.close();
        }
    }

    @Test
    void aFolderAnotherJournalHoldsIsNoRefusalOfTheDisks() {
        Path folder = dir.resolve("journal").resolve("segments");
        JournalOn first = new JournalOn(folder, () -> new SegmentLog(folder, 1 << 20));
        JournalOn second = new JournalOn(folder, () -> new SegmentLog(folder, 1 << 20));
        try {
            assertEquals(0, first.append(bytes("first")));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> second.append(bytes("second")));
            assertTrue(!e.getMessage().contains("full or failing"), e.getMessage());
            assertEquals(0, second.refusals().refused());
        } finally {
            first.close();
            second.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
