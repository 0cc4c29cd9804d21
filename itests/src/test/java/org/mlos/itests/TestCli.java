package org.mlos.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.mlos.launcher.process.NodeLayout;

/**
 * The {@code mlos} command line as the tests run it: the launcher's CLI in a JVM of its own, with
 * a config folder of the tests' ({@code XDG_CONFIG_HOME}), so that {@code mlos cluster up} neither
 * writes its operator keys into the user's {@code ~/.config/mlos} nor uses the user's: a secret
 * left there by one test made others pass or fail by the order a machine ran them in.
 */
final class TestCli {

    private static final Path CONFIG = configFolder();

    private TestCli() {
    }

    /** A process of {@code mlos <args>}, not started. */
    static ProcessBuilder of(NodeLayout layout, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(layout.java()));
        cmd.addAll(layout.jvmOptions());
        cmd.addAll(List.of("-Dmlos.root=" + layout.root(), "-Dmlos.java=" + layout.java(), "-cp", layout.classPath(),
                "org.mlos.launcher.cli.MlosCli", "--images", layout.images().toString()));
        cmd.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().put("XDG_CONFIG_HOME", CONFIG.toString());
        return builder;
    }

    private static Path configFolder() {
        try {
            Path dir = Files.createTempDirectory("mlos-itest-config-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("a config folder for the tests' mlos commands: " + e.getMessage(), e);
        }
    }
}
