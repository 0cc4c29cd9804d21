package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.Processes;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.scale.LocalScaler;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;
import org.mlos.launcher.testing.LivePids;

/**
 * 'mlos cluster down' took a listed pid for a node only if its command line ran the launcher,
 * 'mlos scale' (and 'mlos nodes', the supervisor) whenever the pid was alive: a node's pid the
 * system had reused for another program was a live node to the scale, which a scale-in would have
 * stopped, and the down called it neither stopped nor dead. All ask {@link Processes#node} now.
 */
@Timeout(60)
class AReusedPidWasALiveNodeToTheScaleButNotToTheDownTest {

    @TempDir
    Path dir;

    private final LivePids pids = new LivePids();

    @AfterEach
    void close() throws InterruptedException {
        pids.close();
    }

    @Test
    void aReusedPidIsNoNodeToAny() throws Exception {
        long node = pids.start().pid();
        long reused = pids.other().pid();
        ClusterFiles files = cluster(node, reused);
        assertTrue(Processes.node(node));
        assertFalse(Processes.node(reused), "a live process that runs no node");
        assertEquals(List.of(node), ClusterCommand.alive(files.nodes()).stream().map(ProcessHandle::pid).toList(), "the down's");
        assertEquals("; 1 listed node(s) had died before (pid " + reused + ")", ClusterDown.deadBefore(files));
        assertEquals(List.of(node), scaler(files).running().stream().map(ClusterFiles.Entry::pid).toList(), "the scale's");
    }

    @Test
    void aLiveNodeIsOneToEach() throws Exception {
        long node = pids.start().pid();
        ClusterFiles files = cluster(node);
        assertEquals(List.of(node), ClusterCommand.alive(files.nodes()).stream().map(ProcessHandle::pid).toList());
        assertEquals("", ClusterDown.deadBefore(files));
        assertEquals(List.of(node), scaler(files).running().stream().map(ClusterFiles.Entry::pid).toList());
    }

    private LocalScaler scaler(ClusterFiles files) throws IOException {
        FakeCheckout checkout = new FakeCheckout(Files.createDirectories(dir.resolve("checkout"))).profile("cache", true);
        return new LocalScaler(checkout.layout(), files, 0, s -> { });
    }

    private ClusterFiles cluster(long... listed) throws IOException {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(dir.resolve("cluster")), "c");
        List<ClusterFiles.Entry> all = new java.util.ArrayList<>();
        for (int i = 0; i < listed.length; i++) {
            all.add(new ClusterFiles.Entry(listed[i], "cache", "x.log", new SupervisedNode("cache-" + (i + 1), "cache", List.of())));
        }
        files.write(all);
        return files;
    }
}
