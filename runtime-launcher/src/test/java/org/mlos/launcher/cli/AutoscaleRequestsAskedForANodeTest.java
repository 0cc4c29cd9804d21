package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * With a local cluster running, {@code mlos autoscale requests} refused without {@code --node}
 * ("several nodes are running"), though the requests are the cluster's, the same from any member.
 * It now asks a member. A status is one node's: without {@code --node} it is the leader's
 * ({@link AutoscaleStatusWithoutANodeTest}), and with no leader it still wants the node.
 */
@Timeout(120)
class AutoscaleRequestsAskedForANodeTest {

    @TempDir
    Path tmp;

    private final LivePids pids = new LivePids(); // live node pids: this JVM runs no launcher, so 'mlos nodes' takes it for no node

    @AfterEach
    void endPids() throws InterruptedException {
        pids.close();
    }

    @Test
    void requestsAreAskedOfAnyMemberAndAStatusWithNoLeaderOfTheNodeNamed() throws Exception {
        CliRun mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        ProcessHandle other = pids.start(); // a second live pid, for a second node
        try (FakeNode a = new FakeNode(mlos.runDir(), "cache", pids.node(), AutoscaleRequestsAskedForANodeTest::member);
                FakeNode b = new FakeNode(mlos.runDir(), "cache", other.pid(), AutoscaleRequestsAskedForANodeTest::member)) {
            CliRun.Result requests = mlos.run("autoscale", "requests");
            assertEquals(0, requests.code(), requests.toString());
            assertEquals("no requests\n", requests.out(), requests.toString());
            CliRun.Result status = mlos.run("autoscale", "status");
            assertEquals(1, status.code(), status.toString());
            assertTrue(status.err().contains("ask one with --node"), status.toString());
        }
    }

    private static String member(String line) {
        return switch (line) {
            case "cluster progress --lines" -> "";
            case "autoscale requests" -> "no requests\n";
            default -> "error: not asked of this test's node: " + line + "\n";
        };
    }
}
