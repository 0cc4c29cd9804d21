package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeStorageTest {

    /** A node killed with -9 in a memory file system leaves its storage: the next node's sweep removes it, and nothing else. */
    @Test
    void theSweepRemovesOnlyTheStorageOfNodesThatAreGone(@TempDir Path root) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            Path dead = Files.createDirectories(root.resolve(NodeStorage.PREFIX + gone.pid()).resolve("bundle1/version0.0"));
            Files.writeString(dead.resolve("bundle.info"), "x");
            Path running = Files.createDirectories(root.resolve(NodeStorage.PREFIX + alive.pid()));
            Path own = Files.createDirectories(NodeStorage.forThisNode(root));
            Path notANumber = Files.createDirectories(root.resolve(NodeStorage.PREFIX + "abc"));
            Path other = Files.createDirectories(root.resolve("something-else"));

            assertEquals(1, NodeStorage.sweep(root));

            assertFalse(Files.exists(root.resolve(NodeStorage.PREFIX + gone.pid())), "the storage of a process that is gone");
            assertTrue(Files.isDirectory(running), "a running process keeps its storage");
            assertTrue(Files.isDirectory(own), "this node keeps its own");
            assertTrue(Files.isDirectory(notANumber));
            assertTrue(Files.isDirectory(other));
        } finally {
            alive.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * An outsider's audit: under a shared {@code java.io.tmpdir} a node deleted another user's
     * {@code mlos-node-<dead pid>} tree. Another user's folder, and a link, are left alone.
     */
    @Test
    void anotherUsersStorageAndLinksAreLeftAlone(@TempDir Path root) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Process gone2 = new ProcessBuilder("true").start();
        assertTrue(gone2.waitFor(10, TimeUnit.SECONDS));
        Path target = Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(target.resolve("keep"), "x");
        Path link = Files.createSymbolicLink(root.resolve(NodeStorage.PREFIX + gone2.pid()), target);
        Path theirs = Files.createDirectories(root.resolve(NodeStorage.PREFIX + gone.pid()).resolve("sub"));
        Files.writeString(theirs.resolve("f"), "x");
        java.nio.file.attribute.UserPrincipal nobody;
        try {
            nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(theirs.getParent(), nobody);
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot give a folder to user nobody here (needs root): " + e);
            return;
        }

        assertEquals(0, NodeStorage.sweep(root));

        assertTrue(Files.exists(theirs.resolve("f")), "another user's storage is theirs to remove");
        assertTrue(Files.isSymbolicLink(link) && Files.exists(target.resolve("keep")), "a link is not followed nor removed");
    }

    @Test
    void theRootIsAWritableFolder() throws Exception {
        Path root = NodeStorage.root();
        assertTrue(Files.isDirectory(root) && Files.isWritable(root), root.toString());
    }

    @Test
    void pidsAreReadOnlyFromStorageNames() {
        assertEquals(4711, NodeStorage.pidOf("mlos-node-4711"));
        assertEquals(-1, NodeStorage.pidOf("mlos-node-"));
        assertEquals(-1, NodeStorage.pidOf("mlos-node-12a"));
        assertEquals(-1, NodeStorage.pidOf("other-4711"));
    }
}
