package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by an outsider: with a cluster started {@code --name trial2} up, a plain {@code mlos cluster
 * down} (the README's words) said "no local cluster mlos is up" and nothing of trial2. It now names
 * the clusters up here and how to stop each; {@code mlos scale} names them too, with its own command.
 */
class ADownOfTheDefaultClusterNamedNoneOfTheOthersUpTest {

    @Test
    void theClustersUpHereAreNamedWithTheirCommand(@TempDir Path dir) throws Exception {
        // a process whose arguments name the node's main class, as a node's do
        Process node = new ProcessBuilder("sh", "-c", "sleep 60; true", "org.mlos.launcher.Main").start(); // "; true": no shell execs sleep in its place
        try {
            Files.writeString(dir.resolve("trial2.nodes"), node.pid() + " cache /tmp/trial2-cache-1.log\n");
            Files.writeString(dir.resolve("gone.nodes"), "999999999 cache /tmp/gone.log\n"); // no node alive
            Files.writeString(dir.resolve("mlos.lock"), "");

            assertEquals("; up here: trial2 (1 node): mlos cluster down --name trial2",
                    ClusterDown.othersUp(dir, "mlos", "mlos cluster down"));
            // mlos scale without --name was told only to start cluster mlos, while trial2 ran (an outsider)
            assertEquals("; up here: trial2 (1 node): mlos scale cache +1 --name trial2",
                    ClusterDown.othersUp(dir, "mlos", "mlos scale cache +1"));
            assertEquals("", ClusterDown.othersUp(dir, "trial2", "mlos cluster down"), "not itself");
            assertEquals("", ClusterDown.othersUp(dir.resolve("none"), "mlos", "mlos cluster down"), "no folder: none up");
        } finally {
            node.descendants().forEach(ProcessHandle::destroy); // its sleep, which would outlive the shell
            node.destroy();
        }
    }
}
