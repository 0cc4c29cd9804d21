package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;

/** A local cluster of cache nodes on given pids, in a folder of the test's, and a scale-in of it that fails. */
final class ScaleInCluster {

    private final Path root;

    ScaleInCluster(Path root) {
        this.root = root;
    }

    /** The cluster {@code name} of cache nodes cache-1, cache-2 … on {@code pids}. */
    ClusterFiles of(String name, long... pids) throws IOException {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), name);
        List<ClusterFiles.Entry> all = new ArrayList<>();
        for (int i = 0; i < pids.length; i++) {
            all.add(new ClusterFiles.Entry(pids[i], "cache", "x.log", new SupervisedNode("cache-" + (i + 1), "cache", List.of())));
        }
        files.write(all);
        return files;
    }

    /** What a scale-in of {@code n} cache nodes of {@code files} fails with. */
    IOException scaleInFails(ClusterFiles files, int n) throws IOException {
        FakeCheckout checkout = new FakeCheckout(Files.createDirectories(root.resolve("checkout"))).profile("cache", true);
        try {
            LocalScaler scaler = new LocalScaler(checkout.layout(), files, 0, s -> { });
            return assertThrows(IOException.class, () -> scaler.change("cache", -n, "test"));
        } finally {
            checkout.killAll();
        }
    }
}
