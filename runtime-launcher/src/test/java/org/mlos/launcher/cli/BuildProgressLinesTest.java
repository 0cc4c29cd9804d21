package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A first build downloads for minutes, and the {@code mlos} script used to print nothing meanwhile.
 * Its {@code build_progress} (bash, in the script at the repository's root) turns Maven's output
 * into a line per module, {@code mlos:   [i/n] <module> (<s>s)}. This runs that very function, taken
 * from the script, on Maven's lines (copied from a real reactor build) and checks what it prints.
 */
@Timeout(60)
class BuildProgressLinesTest {

    private static final List<String> MAVEN = List.of(
            "[INFO] Scanning for projects...",
            "[INFO] ------------------------------------------------------------------------",
            "[INFO] Reactor Build Order:",
            "[INFO] MultiLibOS kind processor                                          [jar]",
            "[INFO] --------------------------< org.mlos:mlos-parent >---------------------------",
            "[INFO] Building MultiLibOS for the JVM 0.1.0-SNAPSHOT                    [1/32]",
            "[INFO] --------------------------------[ pom ]---------------------------------",
            "[INFO] Building MultiLibOS kind processor 0.1.0-SNAPSHOT                 [2/32]",
            "[INFO] Building jar: /work/x/core/processor/target/mlos-core-processor-0.1.0-SNAPSHOT.jar",
            "Downloading from central: https://repo.maven.apache.org/maven2/org/x/y/1.0/y-1.0.pom",
            "[INFO] Building MultiLibOS test harness 0.1.0-SNAPSHOT                   [3/32]",
            "[WARNING] Building with a warning                                         [4/32]",
            "[INFO] Building mlos-runtime-launcher 1.2.3                              [32/32]",
            "[INFO] BUILD SUCCESS");

    /** The function's text, from {@code build_progress() {} to the closing brace at the start of a line. */
    private static String function(Path script) throws IOException {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        int from = lines.indexOf("build_progress() {");
        assertTrue(from >= 0, "no build_progress function in " + script);
        int to = from;
        while (!lines.get(to).equals("}")) {
            to++;
        }
        return String.join("\n", lines.subList(from, to + 1));
    }

    @Test
    void eachModuleMavenReachesIsALineWithItsPlaceAndTheTimeAndNothingElseIsPrinted() throws Exception {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("mlos");
        assertTrue(Files.isRegularFile(script), "the mlos script at the repository root: " + script);
        Path in = Files.createTempFile("maven-output", ".log");
        Path err = Files.createTempFile("build-progress", ".err");
        try {
            Files.write(in, MAVEN, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("bash", "-c", function(script) + "\nbuild_progress")
                    .redirectInput(in.toFile()).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not end");
            assertEquals(0, p.exitValue(), Files.readString(err));
            assertEquals("", out, "progress goes to standard error only");
            List<String> got = Files.readAllLines(err, StandardCharsets.UTF_8);
            assertEquals(4, got.size(), got.toString());
            String[] want = { "[1/32] MultiLibOS for the JVM", "[2/32] MultiLibOS kind processor",
                    "[3/32] MultiLibOS test harness", "[32/32] mlos-runtime-launcher" };
            for (int i = 0; i < want.length; i++) {
                String prefix = "mlos:   " + want[i] + " (";
                assertTrue(got.get(i).startsWith(prefix) && got.get(i).matches(".* \\(\\d+s\\)"), got.get(i) + " is not "
                        + prefix + "<s>s)");
            }
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(err);
        }
    }
}
