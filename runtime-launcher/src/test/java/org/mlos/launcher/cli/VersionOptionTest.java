package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code -V}/{@code --version} on a subcommand printed nothing and exited 0: no command had a
 * version to print. Every command now prints the project's version, read from the launcher jar.
 */
class VersionOptionTest {

    @TempDir
    Path tmp;

    @Test
    void dashVPrintsTheVersionOnEveryCommand() {
        List<String> seen = new ArrayList<>();
        check(MlosCli.commandLine(), List.of(), seen);
        assertTrue(seen.containsAll(List.of("kinds", "cluster up", "journal", "nodes", "scale")), seen.toString());
    }

    private static void check(CommandLine cmd, List<String> path, List<String> seen) {
        List<String> args = new ArrayList<>(List.of("--images", "/nonexistent"));
        args.addAll(path);
        args.add("-V");
        StringWriter out = new StringWriter();
        CommandLine fresh = MlosCli.commandLine();
        fresh.setOut(new PrintWriter(out));
        assertEquals(0, fresh.execute(args.toArray(new String[0])), String.join(" ", args));
        assertTrue(out.toString().startsWith("mlos ") && out.toString().contains("Java "), String.join(" ", args) + ": " + out);
        seen.add(String.join(" ", path));
        for (var sub : cmd.getSubcommands().entrySet()) {
            List<String> deeper = new ArrayList<>(path);
            deeper.add(sub.getKey());
            check(sub.getValue(), deeper, seen);
        }
    }

    @Test
    void theVersionIsTheProjectsAsTheLauncherJarCarriesIt() throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-Version", "0.1.0.SNAPSHOT");
        Path jar = tmp.resolve("mlos-launcher.jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        assertEquals("0.1.0-SNAPSHOT", org.mlos.launcher.ProjectVersion.version(jar));
        assertTrue(org.mlos.launcher.ProjectVersion.version(tmp.resolve("classes")).startsWith("(version unknown"));
    }
}
