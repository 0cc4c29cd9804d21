package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code mlos cluster --help} summed up {@code up} as "… prints each node's": picocli shows a
 * command's first description line as its summary, and a description is printed a line per
 * element, so a sentence broken over elements read cut in the summary and ragged in the help.
 * Each description element is now whole (a command's ends a sentence), and an option's
 * description is one element, wrapped by picocli. And the script's own {@code mlos --help} left
 * {@code --metrics} and {@code --dashboard} out of {@code run}'s line.
 */
class HelpTextTest {

    @Test
    void everyDescriptionReadsWhole() {
        List<String> problems = new ArrayList<>();
        check(MlosCli.commandLine(), problems);
        assertEquals(List.of(), problems);
    }

    private static void check(CommandLine cmd, List<String> problems) {
        CommandSpec spec = cmd.getCommandSpec();
        String name = spec.qualifiedName();
        String[] description = spec.usageMessage().description();
        if (spec.parent() != null) {
            assertTrue(description.length > 0, name + " has no description");
        }
        for (String line : description) {
            if (!line.strip().endsWith(".")) {
                problems.add(name + ": description line does not end a sentence: " + line);
            }
            if (line.contains("~/.config/mlos") && !line.contains("$XDG_CONFIG_HOME/mlos")) {
                problems.add(name + ": names ~/.config/mlos, which is $XDG_CONFIG_HOME/mlos when that is set: " + line);
            }
        }
        for (OptionSpec o : spec.options()) {
            if (o.description().length > 1) {
                problems.add(name + " " + o.longestName() + ": description in " + o.description().length
                        + " pieces, printed a line each: make it one");
            }
        }
        cmd.getSubcommands().values().forEach(sub -> check(sub, problems));
    }

    /**
     * {@code mlos build --help} and {@code -V} started a whole build ({@code mvn clean package}),
     * and {@code mlos test --help} printed Maven's usage and exited 1. A {@code mvn} first on the
     * PATH that leaves a mark shows whether either still reaches Maven.
     */
    @Test
    void buildAndTestAnswerHelpWithoutRunningMaven(@org.junit.jupiter.api.io.TempDir Path bin) throws Exception {
        Path mark = bin.resolve("maven-ran");
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\ntouch '" + mark + "'\nexit 99\n");
        assertTrue(mvn.toFile().setExecutable(true));
        Path script = Path.of("").toAbsolutePath().getParent().resolve("mlos");
        for (String command : List.of("build", "test")) {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command, "--help").redirectErrorStream(true);
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            Process p = pb.start();
            String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), help);
            assertEquals(0, p.exitValue(), help);
            assertTrue(help.startsWith("Usage: mlos " + command), help);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "build", "now").redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String refused = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), refused);
        assertEquals(2, p.exitValue(), refused);
        assertTrue(refused.contains("build takes no arguments, got 'now'"), refused);
        assertTrue(Files.notExists(mark), "Maven ran");
    }

    @Test
    void theTopLevelHelpNamesRunsMetricsAndDashboard() throws Exception {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("mlos");
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        int from = lines.indexOf("usage() {");
        int to = from;
        while (!lines.get(to).equals("}")) {
            to++;
        }
        Process p = new ProcessBuilder("bash", "-c", String.join("\n", lines.subList(from, to + 1)) + "\nusage")
                .redirectErrorStream(true).start();
        String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, help);
        String run = help.lines().filter(l -> l.startsWith("  run <profile>")).findFirst().orElse("");
        assertTrue(run.contains("[--metrics]") && run.contains("[--dashboard]"), help);
        assertTrue(help.contains("nodes [--node <n>]") && help.contains("-V (--version)"), help);
    }
}
