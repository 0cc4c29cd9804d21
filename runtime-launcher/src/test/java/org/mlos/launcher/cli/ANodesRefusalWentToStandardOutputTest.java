package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.testing.FakeNode;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mlos.launcher.testing.LivePids;

/**
 * A node's refusal ({@code error: no kind named NoKind; …}) was printed on standard output, where
 * the launcher's own errors go to standard error as {@code mlos: …}: a script that kept standard
 * output got the error as if it were a reply. It is now said as the launcher's own, exit code 1;
 * with {@code --json} it stays the {@code {"error": …}} document on standard output.
 */
@Timeout(60)
class ANodesRefusalWentToStandardOutputTest {

    @RegisterExtension
    final LivePids pids = new LivePids(); // a live node pid: this JVM runs no launcher, so is no node

    @TempDir
    Path tmp;

    @Test
    void aRefusalGoesToStandardErrorAndJsonStaysOnStandardOutput() throws Exception {
        CliRun mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        try (FakeNode node = new FakeNode(mlos.runDir(), "cache", pids.node(),
                line -> line.startsWith("json ") ? "{\"error\":\"no kind named NoKind\"}\n" : "error: no kind named NoKind\n")) {
            CliRun.Result text = mlos.run("swap", "NoKind", "heap");
            assertEquals(1, text.code(), text.toString());
            assertEquals("", text.out(), text.toString());
            assertEquals("mlos: no kind named NoKind\n", text.err(), text.toString());
            CliRun.Result json = mlos.run("swap", "NoKind", "heap", "--json");
            assertEquals(1, json.code(), json.toString());
            assertEquals("{\"error\":\"no kind named NoKind\"}\n", json.out(), json.toString());
        }
    }
}
