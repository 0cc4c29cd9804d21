package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.testing.FakeNode;
import org.mlos.launcher.testing.FakeNodes;
import org.mlos.launcher.testing.LivePids;

/**
 * An outsider's trial: a scale-in failed on a stopped node; resumed ({@code kill -CONT}) and the
 * scale run again as told, the node refused as the last of its profile, "mlos cluster down stops
 * it", while the two others served: it found itself alone until its cluster merged it back, ~20 s.
 * The scale asks such a refusal again, once a second, while nodes of the profile stay.
 */
@Timeout(120)
class AResumedNodesScaleInWasToldToStopTheClusterTest {

    private static final String ALONE = "error: no other serving node of profile cache stays to take this node's items;"
            + " not draining the last one (this node sees 1 member in its cluster: …)\n";

    @TempDir
    Path root;

    @RegisterExtension
    final LivePids pids = new LivePids();

    @RegisterExtension
    final FakeNodes nodes = new FakeNodes(null);

    private void scaleIn(ClusterFiles files) throws Exception {
        FakeCheckout checkout = new FakeCheckout(Files.createDirectories(root.resolve("checkout"))).profile("cache", true);
        try {
            new LocalScaler(checkout.layout(), files, 0, s -> { }).change("cache", -1, "test");
        } finally {
            checkout.killAll();
        }
    }

    @Test
    void aNodeAloneWhileItRejoinsIsAskedAgainUntilItDrains() throws Exception {
        ProcessHandle staying = pids.start();
        ProcessHandle resumed = pids.start();
        ClusterFiles files = new ScaleInCluster(root).of("demo", staying.pid(), resumed.pid());
        AtomicInteger asked = new AtomicInteger();
        nodes.add(FakeNode.inControlDir("cache", staying.pid(), line -> "error: not expected here\n"));
        nodes.add(FakeNode.inControlDir("cache", resumed.pid(), line -> !line.startsWith("scale drain") ? "error: not expected here\n"
                : asked.incrementAndGet() <= 3 ? ALONE : "drained moved=7 stored=7 passes=1 ms=1\n"));

        scaleIn(files);

        assertEquals(4, asked.get(), "three refusals while it rejoined, then the drain");
        assertEquals(List.of("cache-1"), files.read().stream().map(x -> x.node().slot()).toList());
    }

    @Test
    void anotherRefusalIsToldAtOnce() throws Exception {
        ProcessHandle staying = pids.start();
        ProcessHandle refusing = pids.start();
        ClusterFiles files = new ScaleInCluster(root).of("demo", staying.pid(), refusing.pid());
        AtomicInteger asked = new AtomicInteger();
        nodes.add(FakeNode.inControlDir("cache", staying.pid(), line -> "error: not expected here\n"));
        nodes.add(FakeNode.inControlDir("cache", refusing.pid(), line -> {
            asked.incrementAndGet();
            return "error: not draining: this drain came 1 ms after the time it had to begin by\n";
        }));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scaleIn(files));
        assertTrue(e.getMessage().contains("not draining: this drain came"), e.getMessage());
        assertEquals(1, asked.get());
        assertEquals(2, files.read().size());
    }
}
