package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * {@code mlos journal tail -n 3 --node <a worker>} printed the control socket's "error: unknown
 * request 'journal tail 3'; known: kinds, history, …": the protocol, not the user's question. A node
 * whose profile lacks the bundle that answers a command now says so, and what to do.
 */
@Timeout(120)
class NodeWithoutAServiceTest {

    @RegisterExtension
    final LivePids pids = new LivePids(); // a live node pid: this JVM runs no launcher, so is no node

    @TempDir
    Path tmp;

    @Test
    void aWorkerSaysItKeepsNoJournalNotThatTheRequestIsUnknown() throws Exception {
        CliRun mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        long pid = pids.node(); // a live node pid stands in for the worker's
        try (FakeNode worker = new FakeNode(mlos.runDir(), "worker", pid, FakeNode::unknown)) {
            CliRun.Result r = mlos.run("journal", "tail", "-n", "3", "--node", Long.toString(pid));
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains("node worker-" + pid + " keeps no journal: its profile (worker) has no fault services"),
                    r.toString());
            assertTrue(r.err().contains("Ask a node that has them with --node <pid>"), r.toString());
            assertFalse(r.err().contains("unknown request") || r.out().contains("unknown request"), r.toString());

            CliRun.Result json = mlos.run("journal", "tail", "--json");
            assertEquals(1, json.code(), json.toString());
            assertTrue(json.out().startsWith("{\"error\":\"node worker-" + pid + " keeps no journal"), json.toString());

            CliRun.Result autoscale = mlos.run("autoscale", "status");
            assertTrue(autoscale.err().contains("node worker-" + pid + " is not a cluster member"), autoscale.toString());
        }
    }
}
