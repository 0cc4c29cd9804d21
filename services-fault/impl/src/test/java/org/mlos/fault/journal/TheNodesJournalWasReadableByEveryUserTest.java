package org.mlos.fault.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;

/**
 * Left by stop 59: a data folder an operator made 0755 kept the durable store's folder private,
 * but the node's journal beside it (swap and supervision records, and whatever an application
 * journals) stayed readable by every user. The journal's folder is now 0700 too.
 */
class TheNodesJournalWasReadableByEveryUserTest {

    @TempDir
    Path dir;

    @Test
    void theJournalsFolderIsTheNodesUsersOnlyUnderAnOperatorsOpenFolder() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("journal/segments"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        SegmentJournal j = new SegmentJournal(new JournalSettings(dir, true, Durability.SYNC, 2, 1 << 16));
        j.append("swap record".getBytes(StandardCharsets.UTF_8));
        j.close();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("journal/segments"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), "the operator's folder is theirs");
    }

    @Test
    void aJournalFolderItMakesIsTheNodesUsersOnly() throws Exception {
        Path data = dir.resolve("new");
        SegmentJournal j = new SegmentJournal(new JournalSettings(data, true, Durability.SYNC, 2, 1 << 16));
        j.append("r".getBytes(StandardCharsets.UTF_8));
        j.close();
        for (Path p : new Path[] { data.resolve("journal/segments"), data.resolve("journal"), data }) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
    }
}
