package org.mlos.launcher.scale;

import org.mlos.launcher.testing.LivePids;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;

/** The errors of {@code mlos scale}: each says what was wrong and what to do. */
class LocalScalerTest {

    @TempDir
    Path root;

    /** Live node pids, ended after each test: this JVM is none (a listed pid counts as a node only if it runs the launcher). */
    @RegisterExtension
    final LivePids pids = new LivePids();

    private LocalScaler scaler(ClusterFiles files) throws Exception {
        if (!Files.exists(root.resolve("runtime-launcher/target/export"))) {
            new FakeCheckout(root).profile("cache", true).profile("worker", true).profile("minimal", false);
        }
        return new LocalScaler(new NodeLayout(root, "java"), files, 0, s -> { });
    }

    @Test
    void noClusterRunning() throws Exception {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "c1");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scaler(files).change("cache", 1, "test"));
        assertTrue(e.getMessage().contains("no local cluster c1 is running") && e.getMessage().contains("mlos cluster up --name c1"),
                e.getMessage());
    }

    @Test
    void aClusterWhoseNodesAllDiedIsNotRunning() throws Exception {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "mlos");
        files.write(List.of(new ClusterFiles.Entry(Long.MAX_VALUE - 1, "cache", "x.log",
                new SupervisedNode("cache-1", "cache", List.of()))));
        assertTrue(assertThrows(IllegalStateException.class, () -> scaler(files).change("cache", -1, "test")).getMessage()
                .contains("no local cluster mlos is running"));
    }

    @Test
    void unknownProfileNamesTheKnownOnes() throws Exception {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "mlos");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scaler(files).change("cahce", 1, "test"));
        assertTrue(e.getMessage().contains("unknown profile 'cahce'") && e.getMessage().contains("profiles: cache, minimal, worker"),
                e.getMessage());
    }

    /** A minimal node never joins: scaled into a cluster, it would serve alone, off the registry. */
    @Test
    void aProfileThatNeverJoinsIsRefusedNamingThoseThatDo() throws Exception {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "mlos");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scaler(files).change("minimal", 1, "test"));
        assertTrue(e.getMessage().contains("profile 'minimal' never joins a cluster")
                && e.getMessage().contains("Profiles that join: cache, worker"), e.getMessage());
    }

    @Test
    void removingMoreNodesThanRunIsRefused() throws Exception {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "mlos");
        // this test's own process stands in for a running cache node: nothing is asked of it
        files.write(List.of(new ClusterFiles.Entry(pids.node(), "cache", "x.log",
                new SupervisedNode("cache-1", "cache", List.of()))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scaler(files).change("cache", -2, "test"));
        assertTrue(e.getMessage().contains("cannot remove 2 cache node(s): cluster mlos runs 1"), e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> scaler(files).change("worker", -1, "test"));
        assertTrue(none.getMessage().contains("runs 0"), none.getMessage());
    }
}
