package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.testing.FakeNode;
import org.mlos.launcher.testing.LivePids;

/**
 * In a local cluster, {@code mlos autoscale status} refused without {@code --node} ("several nodes
 * are running"), and the operator had to try node after node to find the one whose autoscaler
 * leads. It now asks every node, each at most a few seconds, and prints the leader's status (and on
 * standard error which node that is); with no leader it says what each node answered. With
 * {@code --json} the leader's reply that found it is printed, where the leader used to be asked
 * a second time.
 */
@Timeout(120)
class AutoscaleStatusWithoutANodeTest {

    private static final String LEADING = "{\"on\":true,\"leading\":true,\"node\":\"n2\",\"rules\":[],\"decisions\":3,"
            + "\"requests\":1,\"outcomes\":1,\"settings\":{},\"note\":null}\n";
    private static final String FOLLOWING = LEADING.replace("\"leading\":true", "\"leading\":false").replace("n2", "n1");
    private static final String OFF = "{\"on\":false,\"leading\":false,\"node\":null,\"rules\":[],\"decisions\":null,"
            + "\"requests\":null,\"outcomes\":null,\"settings\":null,\"note\":\"mlos.autoscale not set\"}\n";

    @TempDir
    Path tmp;

    private volatile String second = LEADING;
    private final AtomicInteger secondAskedJson = new AtomicInteger();

    private final LivePids pids = new LivePids(); // live node pids: this JVM runs no launcher, so 'mlos nodes' takes it for no node

    @AfterEach
    void endPids() throws InterruptedException {
        pids.close();
    }

    @Test
    void theLeadersStatusIsPrintedAndWithNoLeaderEachNodesState() throws Exception {
        CliRun mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        ProcessHandle p2 = pids.start(); // live pids for the other nodes
        ProcessHandle p3 = pids.start();
        try (FakeNode a = new FakeNode(mlos.runDir(), "cache", pids.node(), l -> status(l, FOLLOWING));
                FakeNode b = new FakeNode(mlos.runDir(), "cache", p2.pid(), l -> {
                    if (l.equals("json autoscale status")) {
                        secondAskedJson.incrementAndGet();
                    }
                    return status(l, second);
                });
                FakeNode worker = new FakeNode(mlos.runDir(), "minimal", p3.pid(), FakeNode::unknown)) {
            CliRun.Result text = mlos.run("autoscale", "status");
            assertEquals(0, text.code(), text.toString());
            assertEquals("autoscaler on leading=true node=n2\n", text.out(), text.toString());
            int before = secondAskedJson.get();
            CliRun.Result json = mlos.run("autoscale", "status", "--json");
            assertEquals(0, json.code(), json.toString());
            assertEquals(LEADING, json.out(), json.toString());
            assertEquals(1, secondAskedJson.get() - before, "the leader is asked once: its answer that found it is printed");

            assertTrue(text.err().contains("mlos: cache-" + p2.pid() + ", whose autoscaler leads"), text.toString());

            second = OFF;
            CliRun.Result none = mlos.run("autoscale", "status");
            assertEquals(1, none.code(), none.toString());
            assertTrue(none.err().contains("no node's autoscaler leads ("), none.toString());
            assertTrue(none.err().contains("cache-" + pids.node() + ": on, not leading"), none.toString());
            assertTrue(none.err().contains("cache-" + p2.pid() + ": off"), none.toString());
            assertTrue(none.err().contains("try again in a few seconds), or ask one with --node"), none.toString());
            assertTrue(!none.err().contains("minimal-"), "a node with no cluster bundle is no candidate: " + none);
            CliRun.Result noneJson = mlos.run("autoscale", "status", "--json");
            assertEquals(1, noneJson.code(), noneJson.toString());
            assertTrue(noneJson.out().startsWith("{\"error\":\"no node's autoscaler leads"), noneJson.toString());

            CliRun.Result named = mlos.run("autoscale", "status", "--node", Long.toString(p2.pid()));
            assertEquals(0, named.code(), named.toString());
            assertTrue(named.out().startsWith("autoscaler off"), named.toString());
        }
    }

    /**
     * A node that never answers (stopped, or stuck: its socket still accepts) is reported as such
     * after {@link AutoscaleLeader#WAIT}; one too busy to serve the request says so; all off is said
     * with what turns the autoscaler on.
     */
    @Test
    void aNodeThatNeverAnswersHoldsTheCommandOnlyItsWaitAndEveryNodeOffIsSaid() throws Exception {
        CliRun mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        ProcessHandle p2 = pids.start();
        ProcessHandle p3 = pids.start();
        try (FakeNode leader = new FakeNode(mlos.runDir(), "cache", pids.node(), l -> status(l, LEADING));
                FakeNode stuck = new FakeNode(mlos.runDir(), "cache", p2.pid(), l -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "";
                });
                FakeNode busy = new FakeNode(mlos.runDir(), "cache", p3.pid(), l -> "error: busy, try again\n")) {
            CliRun.Result text = mlos.run("autoscale", "status");
            assertEquals(0, text.code(), text.toString());
            assertEquals("autoscaler on leading=true node=n2\n", text.out(), text.toString());
        }
        ProcessHandle q2 = pids.start();
        try (FakeNode a = new FakeNode(mlos.runDir(), "cache", pids.node(), l -> status(l, OFF));
                FakeNode b = new FakeNode(mlos.runDir(), "cache", q2.pid(), l -> "error: busy, try again\n")) {
            CliRun.Result refused = mlos.run("autoscale", "status");
            assertEquals(1, refused.code(), refused.toString());
            assertTrue(refused.err().contains("cache-" + q2.pid() + ": refused: error: busy, try again"), refused.toString());
        }
        ProcessHandle r2 = pids.start();
        try (FakeNode a = new FakeNode(mlos.runDir(), "cache", pids.node(), l -> status(l, OFF));
                FakeNode b = new FakeNode(mlos.runDir(), "cache", r2.pid(), l -> status(l, OFF))) {
            CliRun.Result off = mlos.run("autoscale", "status");
            assertEquals(1, off.code(), off.toString());
            assertTrue(off.err().contains("the autoscaler is off on every node (")
                    && off.err().contains("start a cluster with it: mlos cluster up --autoscale"), off.toString());
        }
    }

    /**
     * The only cluster member was busy when it was asked to find the leader: with --json that
     * refusal is not printed as its status (text, exit 0), it is asked again.
     */
    @Test
    void aRefusalThatFoundTheOnlyMemberIsAskedAgainNotPrinted() throws Exception {
        CliRun mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        AtomicInteger asked = new AtomicInteger();
        ProcessHandle p2 = pids.start();
        try (FakeNode member = new FakeNode(mlos.runDir(), "cache", pids.node(),
                l -> l.equals("json autoscale status") && asked.incrementAndGet() == 1 ? "error: busy, try again\n"
                        : status(l, LEADING));
                FakeNode worker = new FakeNode(mlos.runDir(), "minimal", p2.pid(), FakeNode::unknown)) {
            CliRun.Result json = mlos.run("autoscale", "status", "--json");
            assertEquals(0, json.code(), json.toString());
            assertEquals(LEADING, json.out(), json.toString());
            assertEquals(2, asked.get(), "asked to find the leader, then again for its status");
        }
    }

    private static String status(String line, String json) {
        return switch (line) {
            case "json autoscale status" -> json;
            case "autoscale status" -> json.equals(OFF) ? "autoscaler off on this node (mlos.autoscale not set)\n"
                    : "autoscaler on leading=" + json.contains("\"leading\":true") + " node="
                            + (json.contains("n2") ? "n2" : "n1") + "\n";
            default -> FakeNode.unknown(line);
        };
    }
}
