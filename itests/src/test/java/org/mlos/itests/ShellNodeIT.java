package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

/**
 * {@code mlos run <profile> --shell} failed with "unknown protocol: bundle": Gogo reads its
 * start-up script through a bundle: URL, and the profiles turn the framework's URL handlers off.
 */
class ShellNodeIT {

    @Test
    void theShellAnswersMlosCommands() throws Exception {
        try (NodeProcess node = NodeProcess.start(NodeLayout.of(ItestOptions.root()), "services",
                List.of("--shell", "--port", "0", "--set", "mlos.cluster.name=itest-" + UUID.randomUUID(),
                        "--set", "mlos.cluster.port=15821"), List.of(), null)) {
            node.awaitReady(Duration.ofSeconds(90));
            node.send("mlos:kinds");
            String out = awaitOutput(node, "KeyValueStore", Duration.ofSeconds(30));
            assertTrue(!out.contains("unknown protocol"), out);
            node.send("mlos:history");
            awaitOutput(node, "trigger=preferred-arrived", Duration.ofSeconds(30)); // the profile defaults replaced the first arrivals
        }
    }

    private static String awaitOutput(NodeProcess node, String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String out = node.output();
        while (!out.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            out = node.output();
        }
        assertTrue(out.contains(expected), () -> "the shell did not answer with '" + expected + "':\n" + node.output());
        return out;
    }
}
