package org.mlos.launcher.scale;

import org.mlos.launcher.testing.LivePids;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;

/**
 * A supervised, autoscaled local cluster ({@code --supervise --autoscale cache=2..3}): a cache node
 * killed read "below the minimum 2" to the autoscaler while the supervisor restarted it, and the
 * request added a third node beside the restarted one (drained again later, keys moved twice). A
 * request that wants a count the running and restarting nodes make already adds nothing.
 */
class ANodeBeingRestartedGotAnotherBesideItTest {

    @TempDir
    Path root;

    /** Live node pids, ended after each test: this JVM is none (a listed pid counts as a node only if it runs the launcher). */
    @RegisterExtension
    final LivePids pids = new LivePids();

    private ScaleRequestExecutor executor(ClusterFiles files, String restartingSlot) {
        return new ScaleRequestExecutor(new LocalScaler(new NodeLayout(root, "java"), files, 0, s -> { }), s -> { },
                slot -> slot.equals(restartingSlot));
    }

    @Test
    void aNodeBeingRestartedCountsTowardsTheCountARequestWants() throws Exception {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "c");
        long alive = pids.node();
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        List<ClusterFiles.Entry> entries = new ArrayList<>();
        entries.add(new ClusterFiles.Entry(alive, "cache", "l1", new SupervisedNode("cache-1", "cache", List.of())));
        entries.add(new ClusterFiles.Entry(dead.pid(), "cache", "l2", new SupervisedNode("cache-2", "cache", List.of())));
        files.write(entries);
        ScaleRequestExecutor.Request wantsTwo = ScaleRequestExecutor.Request.parse(
                "request id=r profile=cache change=+1 at=1 to=2");

        assertEquals(2, executor(files, "cache-2").alreadyThere(wantsTwo), "cache-2 is being restarted: nothing to add");
        assertEquals(-1, executor(files, null).alreadyThere(wantsTwo), "cache-2 is dead and not restarted: add one");
        assertEquals(-1, executor(files, "cache-2").alreadyThere(ScaleRequestExecutor.Request.parse(
                "request id=r profile=cache change=+1 at=1 to=3")), "three wanted: one more");
        assertEquals(-1, executor(files, "cache-2").alreadyThere(ScaleRequestExecutor.Request.parse(
                "request id=r profile=cache change=+1 at=1")), "a request of an older node, which says no count: as before");
        assertEquals(-1, executor(files, "cache-2").alreadyThere(ScaleRequestExecutor.Request.parse(
                "request id=r profile=cache change=-1 at=1 to=1")), "scale-in requests are carried out as before");
    }
}
