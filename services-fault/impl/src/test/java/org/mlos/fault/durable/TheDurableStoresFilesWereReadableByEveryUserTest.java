package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.mem.store.heap.HeapStore;

/**
 * Found by an outsider's trial: the durable store's checkpoint and journal segments were 0644 in
 * 0755 folders, so every user of the host could read every item in the clear (the bridge's files
 * were 0600 already). The store's folder, and any it makes above it, is now 0700.
 */
class TheDurableStoresFilesWereReadableByEveryUserTest {

    @TempDir
    Path dir;

    @Test
    void theStoresFolderAndTheFoldersItMakesAreTheNodesUsersOnly() throws Exception {
        Path data = dir.resolve("made/by/the/store");
        DurableStore store = new DurableStore(new HeapStore(1 << 20), new JournalSettings(data, true, Durability.SYNC, 5, 1 << 20));
        store.recover();
        store.set("k", "v".getBytes(StandardCharsets.US_ASCII), 0, 0);
        store.checkpoint();
        store.close();
        for (Path p : new Path[] { data.resolve("store"), data, dir.resolve("made") }) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
    }

    @Test
    void anExistingStoreFolderIsMadeTheNodesUsersOnly() throws Exception {
        Files.createDirectories(dir.resolve("store"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        DurableStore store = new DurableStore(new HeapStore(1 << 20), new JournalSettings(dir, true, Durability.SYNC, 5, 1 << 20));
        store.recover();
        store.close();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("store"))));
    }
}
