package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code mlos nodes} exited 0 when no node ran ("no node is running"), {@code mlos nodes --json} 1
 * with {"error": "no node on this machine is a cluster member"}: a script could not tell an empty
 * machine from a failure. As the other list commands ({@code swaps --json} with none under way:
 * {"swaps":[]}), no node is an empty list now: the registry's own shape with no node in it, exit 0,
 * both when nothing runs and when what runs is in no cluster (the text form lists it and exits 0).
 */
@Timeout(120)
class NodesJsonWithNoNodeTest {

    @RegisterExtension
    final LivePids pids = new LivePids(); // a live node pid: this JVM runs no launcher, so is no node

    private static final String EMPTY = "{\"cluster\":null,\"local\":null,\"nodes\":[]}";

    @TempDir
    Path tmp;

    @Test
    void noNodeIsAnEmptyRegistryNotAnError() throws Exception {
        CliRun mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        CliRun.Result text = mlos.run("nodes");
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().startsWith("no node is running"), text.toString());

        CliRun.Result json = mlos.run("nodes", "--json");
        assertEquals(0, json.code(), json.toString());
        assertEquals(EMPTY, json.out().strip(), json.toString());
        assertEquals("", json.err(), json.toString());

        long pid = pids.node(); // a live node pid, for a node of a profile that joins no cluster
        try (FakeNode alone = new FakeNode(mlos.runDir(), "minimal", pid, FakeNode::unknown)) {
            CliRun.Result listed = mlos.run("nodes");
            assertEquals(0, listed.code(), listed.toString());
            assertTrue(listed.out().contains("minimal-" + pid + ".sock"), listed.toString());
            for (String[] args : new String[][] { { "nodes", "--json" }, { "nodes", "--json", "--node", "minimal" } }) {
                CliRun.Result r = mlos.run(args);
                assertEquals(0, r.code(), r.toString());
                assertEquals(EMPTY, r.out().strip(), r.toString());
            }
            CliRun.Result noSuch = mlos.run("nodes", "--json", "--node", "store");
            assertEquals(1, noSuch.code(), "a node named that does not run is an error, as without --json: " + noSuch);
            assertTrue(noSuch.out().startsWith("{\"error\":\"no running node matches 'store'"), noSuch.toString());
        }
    }
}
