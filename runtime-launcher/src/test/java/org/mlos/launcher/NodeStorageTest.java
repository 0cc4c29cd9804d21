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
