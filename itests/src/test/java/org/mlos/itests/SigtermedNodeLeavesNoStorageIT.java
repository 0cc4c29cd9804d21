package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

/**
 * A node's throwaway framework storage (a folder named by its pid, in memory under
 * {@code /dev/shm} or {@code $XDG_RUNTIME_DIR}) stayed after {@code kill <pid>}: the main thread
 * deleted it after the framework stopped, but on SIGTERM the JVM halted once its shutdown hook had
 * stopped the framework, before the main thread got there. The hook now deletes it.
 */
@Timeout(300)
class SigtermedNodeLeavesNoStorageIT {

    @Test
    void aNodeStoppedWithSigtermDeletesItsStorage() throws Exception {
        NodeProcess node = NodeProcess.start(NodeLayout.of(ItestOptions.root()), "minimal", List.of(), List.of(), null);
        try {
            long pid = node.awaitReady(Duration.ofSeconds(120)).pid();
            List<Path> storage = storageOf(pid);
            assertEquals(1, storage.size(), "the running node's storage, found in " + roots() + ": " + storage);

            node.stop(Duration.ofSeconds(60)); // SIGTERM; SIGKILL only if it has not ended by then
            assertFalse(node.isAlive());
            assertTrue(node.output().contains("mlos: ready"), node.output());
            assertFalse(Files.exists(storage.get(0)), storage.get(0) + " is left after SIGTERM");
        } finally {
            node.kill();
        }
    }

    /** Where a node may put its storage (the launcher's NodeStorage.root), from this JVM's environment, which the node inherits. */
    private static List<Path> roots() {
        List<Path> roots = new ArrayList<>();
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            roots.add(Path.of(runtime));
        }
        roots.add(Path.of("/dev/shm", "mlos-" + System.getProperty("user.name")));
        roots.add(Path.of(System.getProperty("java.io.tmpdir")));
        return roots;
    }

    private static List<Path> storageOf(long pid) {
        List<Path> found = new ArrayList<>();
        for (Path root : roots()) {
            Path p = root.resolve("mlos-node-" + pid);
            if (Files.isDirectory(p)) {
                found.add(p);
            }
        }
        return found;
    }
}
