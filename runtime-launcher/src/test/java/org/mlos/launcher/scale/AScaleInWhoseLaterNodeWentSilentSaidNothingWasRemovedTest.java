package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.testing.FakeNode;
import org.mlos.launcher.testing.FakeNodes;
import org.mlos.launcher.testing.LivePids;

/**
 * {@code mlos scale cache -2} whose second leaving node went silent said "Nothing was removed"
 * while the first had drained: off the ring, its items re-homed, serving nothing, and the scale
 * run again as told would have drained it again and taken an older node too. The drained node is
 * now removed, and the failure says so, which node did not answer, and the scale that finishes.
 */
@Timeout(120) // a hang bound only: each wait below ends on the 1 s bound
class AScaleInWhoseLaterNodeWentSilentSaidNothingWasRemovedTest {

    @TempDir
    Path root;

    @RegisterExtension
    final LivePids pids = new LivePids();

    @RegisterExtension
    final FakeNodes nodes = new FakeNodes("1");

    @Test
    void theNodesDrainedBeforeTheSilentOneAreRemovedAndToldAsRemoved() throws Exception {
        ProcessHandle staying = pids.start();
        ProcessHandle drains = pids.start();
        ProcessHandle silent = pids.start();
        ClusterFiles files = new ScaleInCluster(root).of("demo", staying.pid(), drains.pid(), silent.pid());
        nodes.add(FakeNode.inControlDir("cache", staying.pid(), line -> "error: not expected here\n"));
        nodes.add(FakeNode.inControlDir("cache", drains.pid(), line -> line.startsWith("scale drain")
                ? "drained moved=1234 stored=1234 passes=2 ms=5\n" : "error: not expected here\n"));
        nodes.add(FakeNode.inControlDir("cache", silent.pid(), FakeNode.STOPPED));

        IOException e = new ScaleInCluster(root).scaleInFails(files, 2);

        assertTrue(e.getMessage().startsWith("node cache-3 "), e.getMessage());
        assertTrue(e.getMessage().contains(" Removed 1 of the 2 cache node(s) asked: cache-2 (drained, 1,234 keys"
                + " re-homed, stopped). Not removed: cache-3; cluster demo runs 2 cache node(s). To finish, run mlos scale"
                + " cache -1 --name demo once cache-3 (pid " + silent.pid() + ") answers (kill -CONT " + silent.pid()
                + " first if it was stopped)"), e.getMessage());
        assertFalse(e.getMessage().contains("Nothing was removed"), e.getMessage());
        assertEquals(List.of("cache-1", "cache-3"), files.read().stream().map(x -> x.node().slot()).toList());
        assertTrue(drains.onExit().isDone() || !drains.isAlive(), "the drained node was left running");
        assertTrue(silent.isAlive(), "the silent node was stopped");
    }

    @Test
    void aFirstLeavingNodeSilentStillRemovesNothing() throws Exception {
        ProcessHandle staying = pids.start();
        ProcessHandle silent = pids.start();
        ProcessHandle later = pids.start();
        ClusterFiles files = new ScaleInCluster(root).of("mlos", staying.pid(), silent.pid(), later.pid());
        nodes.add(FakeNode.inControlDir("cache", staying.pid(), line -> "error: not expected here\n"));
        nodes.add(FakeNode.inControlDir("cache", silent.pid(), FakeNode.STOPPED));
        nodes.add(FakeNode.inControlDir("cache", later.pid(), line -> "error: not expected here\n"));

        IOException e = new ScaleInCluster(root).scaleInFails(files, 2);

        assertTrue(e.getMessage().contains("Nothing was removed: cluster mlos still runs its 3 cache node(s). Run the"
                + " scale again (mlos scale cache -2) once cache-2 (pid " + silent.pid() + ") answers"), e.getMessage());
        assertEquals(3, files.read().size());
    }
}
