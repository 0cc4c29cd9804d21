package org.mlos.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mlos.launcher.ControlDir;

/**
 * Removes a local cluster's files (node lists, locks, logs, data folders) from the run folder once
 * its test passed and its {@code @AfterEach} took the cluster down: each run of the tests left a
 * dozen files and folders per cluster behind in {@code $XDG_RUNTIME_DIR/mlos/cluster} or
 * {@code /tmp/mlos-<user>/cluster}. A failed test keeps them, for its node logs.
 */
final class ClusterLeftovers implements AfterEachCallback {

    private final String name;

    ClusterLeftovers(String name) {
        this.name = name;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (context.getExecutionException().isEmpty()) {
            Path dir = ControlDir.path().resolve("cluster");
            remove(dir);
            remove(dir.resolve("starting"));
        }
    }

    /** The entries of {@code dir} named {@code <name>.…} or {@code <name>-…}, folders with what they hold. */
    private void remove(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> mine;
        try (Stream<Path> all = Files.list(dir)) {
            mine = all.filter(p -> {
                String f = p.getFileName().toString();
                return f.startsWith(name + ".") || f.startsWith(name + "-");
            }).toList();
        }
        for (Path p : mine) {
            try (Stream<Path> tree = Files.walk(p)) {
                for (Path q : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(q);
                }
            }
        }
    }
}
