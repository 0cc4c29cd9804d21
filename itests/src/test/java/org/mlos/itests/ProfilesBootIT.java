package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.process.ReadyLine;

/**
 * Every profile in cnf/profiles resolves (the build exported it) and boots to its ready line.
 *
 * <p>The nodes share a test cluster's own secret: a node without one trusts only itself, so
 * {@code front} could not use the store node it needs. Without it this test passed only when an
 * earlier test had left a secret in the user's {@code ~/.config/mlos} (which a node falls back
 * to): on a fresh machine whose file order ran it first, {@code front} never became ready.
 */
class ProfilesBootIT {

    private static ClusterCredentials credentials;

    @BeforeAll
    static void credentials() throws Exception {
        credentials = ClusterCredentials.create();
    }

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
        // A cluster of its own, so that a local cluster a developer runs is not joined.
        String cluster = "itest-" + UUID.randomUUID();
        // A profile whose kind runs on another profile's node (mlos.kind.<Kind>=<impl>@<profile>)
        // is ready once that node serves it: start one first.
        String host = hostProfile(profile);
        List<String> clusterArgs = new ArrayList<>(List.of("--port", "0", "--set", "mlos.cluster.name=" + cluster,
                "--set", "mlos.cluster.port=15801"));
        clusterArgs.addAll(credentials.nodeArgs());
        NodeProcess hostNode = host == null ? null : NodeProcess.start(NodeLayout.of(ItestOptions.root()), host,
                clusterArgs, List.of(), null);
        try {
            if (hostNode != null) {
                hostNode.awaitReady(Duration.ofSeconds(90));
            }
            List<String> args = new ArrayList<>(List.of("--exit-when-ready"));
            args.addAll(clusterArgs);
            try (NodeProcess node = NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile, args, List.of(), null)) {
                ReadyLine ready = node.awaitReady(Duration.ofSeconds(90));
                assertEquals(profile, ready.profile());
                assertTrue(ready.bundles() > 0 && ready.bootMs() > 0, "ready line: " + ready);
            }
        } finally {
            if (hostNode != null) {
                hostNode.stop(Duration.ofSeconds(15));
            }
        }
    }

    /** The profile named after the {@code @} of a remote default ({@code mlos.kind.X=heap@store}), or null. */
    private static String hostProfile(String profile) throws IOException {
        String text = Files.readString(ItestOptions.root().resolve("cnf/profiles/" + profile + ".bndrun"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("mlos\\.kind\\.[\\w.$]+=[\\w.-]+@([\\w.-]+)").matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
