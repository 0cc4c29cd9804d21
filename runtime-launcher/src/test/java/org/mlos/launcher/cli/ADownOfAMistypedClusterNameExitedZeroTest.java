package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;

/**
 * An outsider's trial: {@code mlos cluster down --name dmeo} (for demo) said "No local cluster dmeo
 * is up; up here: demo …" and exited 0, so a script went on as if demo were stopped. A down that
 * stops nothing while clusters of other names are up now exits 1 and says so on standard error; one
 * with nothing up here at all (a down twice) still exits 0. It left the typo's lock file behind,
 * {@code cluster/starting/dmeo.lock}: it takes no lock for a name no up ever ran under.
 */
@Timeout(120)
class ADownOfAMistypedClusterNameExitedZeroTest {

    @TempDir
    Path tmp;

    @Test
    void aDownOfANameNotUpBesideAnotherClusterExitsOne() throws Exception {
        CliRun mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        CliRun.Result nothingUp = mlos.run("cluster", "down", "--name", "dmeo");
        assertEquals(0, nothingUp.code(), nothingUp.toString());
        assertTrue(nothingUp.out().contains("no local cluster dmeo is up"), nothingUp.toString());

        // a process whose arguments name the node's main class, as a node's do
        Process node = new ProcessBuilder("sh", "-c", "sleep 60; true", "org.mlos.launcher.Main").start(); // "; true": no shell execs sleep in its place
        try {
            Path dir = Files.createDirectories(mlos.runDir().resolve("cluster"));
            Files.writeString(dir.resolve("demo.nodes"), node.pid() + " cache /tmp/demo-cache-1.log\n");
            CliRun.Result typo = mlos.run("cluster", "down", "--name", "dmeo");
            assertEquals(1, typo.code(), typo.toString());
            assertTrue(typo.err().contains("mlos: no local cluster dmeo is up, so nothing was stopped; up here: demo (1 node):"
                    + " mlos cluster down --name demo"), typo.toString());
            assertTrue(node.isAlive(), "demo's node was left alone");
            assertTrue(Files.notExists(dir.resolve("starting").resolve("dmeo.lock")),
                    "no lock file left for the typo (an outsider found one)");
        } finally {
            node.descendants().forEach(ProcessHandle::destroy); // its sleep, which would outlive the shell
            node.destroy();
        }
    }
}
