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
