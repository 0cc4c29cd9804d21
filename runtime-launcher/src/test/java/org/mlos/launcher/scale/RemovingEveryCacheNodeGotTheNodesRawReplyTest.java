package org.mlos.launcher.scale;

import org.mlos.launcher.testing.LivePids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;
import org.mlos.launcher.testing.FakeNode;

/**
 * Found by an outsider: {@code mlos scale cache -2} on a cluster of two cache nodes was not refused;
 * the first node asked to drain answered "error: no other serving node", exit 1, as the raw reply
 * of a request the user never typed. Removing every node of a profile on a ring is now refused
 * before any node is asked to drain, saying why and what stops the whole cluster.
 */
class RemovingEveryCacheNodeGotTheNodesRawReplyTest {

    @TempDir
    Path root;

    /** Live node pids, ended after each test: this JVM is none (a listed pid counts as a node only if it runs the launcher). */
    @RegisterExtension
    final LivePids pids = new LivePids();

    @Test
    void removingEveryNodeOfARingIsRefusedBeforeAnyDrains() throws Exception {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "c");
        long me = pids.node(); // stands in for the one running cache node
        files.write(List.of(new ClusterFiles.Entry(me, "cache", "x.log", new SupervisedNode("cache-1", "cache", List.of()))));
        List<String> asked = new CopyOnWriteArrayList<>();
        FakeCheckout checkout = new FakeCheckout(Files.createDirectories(root.resolve("checkout"))).profile("cache", true);
        try (FakeNode node = FakeNode.inControlDir("cache", me, line -> {
            asked.add(line);
            return line.equals("scale ring cache") ? "ring=127.0.0.1:21211\n" : "error: not expected here\n";
        })) {
            LocalScaler scaler = new LocalScaler(checkout.layout(), files, 0, s -> { });
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scaler.change("cache", -1, "test"));
            assertTrue(e.getMessage().contains("cannot remove all 1 cache node(s) of cluster c: their keys would have no"
                    + " node to move to; keep at least one (mlos cluster down --name c stops the whole cluster)"), e.getMessage());
            assertEquals(List.of("scale ring cache"), asked, "no node asked to drain");
        } finally {
            checkout.killAll();
        }
    }
}
