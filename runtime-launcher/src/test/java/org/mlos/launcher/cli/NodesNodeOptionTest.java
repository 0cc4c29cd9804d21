package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.testing.FakeNode;
import org.mlos.launcher.testing.LivePids;

/**
 * README.md documents {@code mlos nodes --node <pid|profile>}; the command answered "Unknown
 * options: '--node'". It now shows that node, and the cluster's registry as that node sees it.
 */
@Timeout(120)
class NodesNodeOptionTest {

    @TempDir
    Path tmp;

    private final LivePids pids = new LivePids(); // live node pids: this JVM runs no launcher, so 'mlos nodes' takes it for no node

    @AfterEach
    void endPids() throws InterruptedException {
        pids.close();
    }

    @Test
    void nodesNodeShowsThatNodeAndTheRegistryAsItSeesIt() throws Exception {
        CliRun mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        ProcessHandle other = pids.start(); // a second live pid, for a second node
        long cachePid = pids.node();
        try (FakeNode cache = new FakeNode(mlos.runDir(), "cache", cachePid, line -> registry(line, "as cache sees it"));
                FakeNode worker = new FakeNode(mlos.runDir(), "worker", other.pid(), line -> registry(line, "as worker sees it"))) {
            CliRun.Result r = mlos.run("nodes", "--node", "worker");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("worker-" + other.pid() + ".sock") && r.out().contains("registry as worker sees it"),
                    r.toString());
            assertFalse(r.out().contains("cache-" + cachePid + ".sock") || r.out().contains("as cache sees it"), r.toString());

            CliRun.Result json = mlos.run("nodes", "--node", Long.toString(cachePid), "--json");
            assertEquals("{\"registry\":\"as cache sees it\"}", json.out().strip(), json.toString());

            // the name 'mlos cluster up' gives a node (its slot) names it too
            org.mlos.launcher.supervisor.ClusterFiles files = new org.mlos.launcher.supervisor.ClusterFiles(
                    Files.createDirectories(mlos.runDir().resolve("cluster")), "mlos");
            files.write(java.util.List.of(new org.mlos.launcher.supervisor.ClusterFiles.Entry(other.pid(), "worker", "w.log",
                    new org.mlos.launcher.supervisor.SupervisedNode("worker-1", "worker", java.util.List.of()))));
            CliRun.Result slot = mlos.run("nodes", "--node", "worker-1");
            assertEquals(0, slot.code(), slot.toString());
            assertTrue(slot.out().contains("registry as worker sees it"), slot.toString());

            CliRun.Result none = mlos.run("nodes", "--node", "store");
            assertEquals(1, none.code(), none.toString());
            assertTrue(none.err().contains("no running node matches 'store'; running: cache-" + cachePid + ", worker-1 (worker-"
                    + other.pid() + ")"), none.toString());

            // with several running, the refusal lists the slot names 'cluster up' printed beside the others
            CliRun.Result several = mlos.run("kinds");
            assertEquals(1, several.code(), several.toString());
            assertTrue(several.err().contains("pick one with --node: cache-" + cachePid + ", worker-1 (worker-" + other.pid()
                    + ")"), several.toString());
        }
    }

    private static String registry(String line, String seen) {
        return switch (line) {
            case "cluster nodes" -> "registry " + seen + "\n";
            case "json cluster nodes" -> "{\"registry\":\"" + seen + "\"}\n";
            default -> "error: not asked of this test's node: " + line + "\n";
        };
    }
}
