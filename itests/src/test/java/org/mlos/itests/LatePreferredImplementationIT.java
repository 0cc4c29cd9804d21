package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

/**
 * Issue 14's readiness bug, pinned: a node printed its ready line while the implementation its
 * settings prefer had not arrived yet (a durable cache node's {@code durable} store comes after the
 * profile's own store), so a client reading right after the ready line was served by the store
 * behind, empty. Here the preferred implementation arrives late by construction: the profile is
 * {@code minimal} with the fixture kind {@code Tally}, its implementation {@code a}, and
 * {@code fixture-late}, which registers {@code late} 1.5 s after every component is satisfied;
 * the profile prefers {@code late}. The ready line must wait for it; one that never comes fails
 * the boot, naming the kind and the implementation.
 */
@Timeout(180)
class LatePreferredImplementationIT {

    @TempDir
    Path images;

    @Test
    void theReadyLineWaitsForAPreferredImplementationThatArrivesLate() throws Exception {
        NodeLayout layout = profile("late", "late");
        try (NodeProcess node = NodeProcess.start(layout, "late", List.of(), List.of(), null)) {
            node.awaitReady(Duration.ofSeconds(60));
            String kinds = node.request("kinds"); // at once: the ready line is the contract
            assertTrue(kinds.matches("(?s).*Tally\\s+late\\s.*"),
                    "right after the ready line, Tally is served by its preferred implementation late:\n" + kinds);
        }
    }

    @Test
    void aPreferredImplementationThatNeverArrivesFailsTheBootNamingIt() throws Exception {
        NodeLayout layout = profile("never", "never");
        try (NodeProcess node = NodeProcess.start(layout, "never", List.of("--ready-timeout", "3"), List.of(), null)) {
            IOException e = assertThrows(IOException.class, () -> node.awaitReady(Duration.ofSeconds(60)));
            String out = e.getMessage();
            assertTrue(out.contains("exited with 4"), out);
            assertTrue(out.contains("org.mlos.itests.fixture.tally.Tally") && out.contains("never"),
                    "the failure names the kind and the implementation it waited for:\n" + out);
        }
    }

    /**
     * Images of one profile, {@code name}: the minimal profile's bundles and the fixture bundles
     * {@code fixture-api}, {@code fixture-a} and {@code fixture-late}, preferring {@code impl}.
     */
    private NodeLayout profile(String name, String impl) throws IOException {
        Path built = ItestOptions.images();
        Path cnf = images.resolve("cnf");
        Files.createDirectories(cnf.resolve("profiles"));
        Files.copy(built.resolve("cnf/framework.bnd"), cnf.resolve("framework.bnd"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(cnf.resolve("profiles").resolve(name + ".bndrun"), String.join("\n",
                "-include: ${.}/../framework.bnd",
                "mlos.description: minimal, with a Tally whose preferred implementation registers late",
                "-runproperties.profile: mlos.kind.Tally=" + impl,
                ""));
        Path bundles = Files.createDirectories(images.resolve(name));
        try (Stream<Path> jars = Files.list(built.resolve("minimal"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, bundles.resolve(jar.getFileName()));
            }
        }
        for (String classifier : List.of("fixture-api", "fixture-a", "fixture-late")) {
            Files.copy(ItestOptions.fixtureJar(classifier), bundles.resolve(classifier + ".jar"));
        }
        return NodeLayout.of(ItestOptions.root()).withImages(images);
    }
}
