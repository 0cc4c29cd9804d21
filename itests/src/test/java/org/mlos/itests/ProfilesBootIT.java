package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every profile in cnf/profiles resolves (the build exported it) and boots to its ready line. */
class ProfilesBootIT {

    @TestFactory
    Stream<DynamicTest> everyProfileBoots() throws IOException {
        Path profiles = ItestOptions.root().resolve("cnf/profiles");
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(profiles)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bndrun"))
                    .map(n -> n.substring(0, n.length() - ".bndrun".length())).sorted().forEach(names::add);
        }
        assertTrue(names.contains("minimal"), "cnf/profiles has the minimal profile: " + names);
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> boots(name)));
    }

    private void boots(String profile) throws Exception {
        Path root = ItestOptions.root();
        Path launcher = root.resolve("runtime-launcher/target");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String line : Files.readAllLines(root.resolve("cnf/jvm.options"))) {
            if (!line.isBlank() && !line.trim().startsWith("#")) {
                cmd.add(line.trim());
            }
        }
        cmd.addAll(List.of("-cp", launcher.resolve("mlos-launcher.jar") + java.io.File.pathSeparator
                + launcher.resolve("lib/org.apache.felix.framework.jar"),
                "org.mlos.launcher.Main", profile, "--images", launcher.resolve("export").toString(),
                "--exit-when-ready", "--port", "0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), profile + " did not boot in 90 s");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), profile + " exited " + p.exitValue() + ":\n" + out);
            assertTrue(out.matches("(?s).*mlos: ready profile=" + profile + " bundles=\\d+ boot_ms=\\d+.*"),
                    "ready line missing:\n" + out);
        } finally {
            p.destroyForcibly();
        }
    }
}
