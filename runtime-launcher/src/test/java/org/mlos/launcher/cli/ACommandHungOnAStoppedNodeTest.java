package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.testing.FakeNode;
import org.mlos.launcher.testing.LivePids;

/**
 * An outsider's trial: {@code kill -STOP} on a node, then {@code mlos kinds --node <it>} and
 * {@code mlos nodes} hung until killed (a stopped node's socket still accepts, in the kernel's
 * backlog, and nothing answers). A query now has $MLOS_ANSWER_TIMEOUT seconds (20 by default) and
 * is told as the node's silence, exit code 1; {@code mlos nodes} marks the silent node and lists
 * the others; a swap, which may take a minute, waits as long as the node answers checks meanwhile.
 */
@Timeout(180) // a hang bound only: every wait below ends on a count of answers, or on the 1 s bound
class ACommandHungOnAStoppedNodeTest {

    @TempDir
    Path tmp;

    private CliRun mlos;
    private final LivePids pids = new LivePids(); // sockets of dead pids are dropped as stale
    private final List<FakeNode> nodes = new ArrayList<>();

    @BeforeEach
    void cli() throws IOException {
        mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config")).env(SilentNode.WITHIN_VARIABLE, "1");
    }

    @AfterEach
    void stop() throws Exception {
        for (FakeNode n : nodes) {
            n.close();
        }
        pids.close();
    }

    @Test
    void aQueryToAStoppedNodeSaysWhichNodeDidNotAnswerWithinTheBound() throws Exception {
        long pid = pids.start().pid();
        nodes.add(new FakeNode(mlos.runDir(), "cache", pid, FakeNode.STOPPED));
        CliRun.Result r = mlos.run("kinds", "--node", Long.toString(pid));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("node cache-" + pid + " did not answer 'kinds' within 1 s: is it stopped (kill -CONT "
                + pid + " resumes it), overloaded or out of memory?"), r.toString());

        CliRun.Result json = mlos.run("kinds", "--node", Long.toString(pid), "--json");
        assertEquals(1, json.code(), json.toString());
        assertTrue(json.out().startsWith("{\"error\":\"node cache-" + pid + " did not answer"), json.toString());

        CliRun.Result bad = mlos.env(SilentNode.WITHIN_VARIABLE, "soon").run("kinds", "--node", Long.toString(pid));
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("MLOS_ANSWER_TIMEOUT is how many seconds a node has to answer"), bad.toString());
        CliRun.Result badNodes = mlos.run("nodes");
        assertEquals(2, badNodes.code(), badNodes.toString());
        assertTrue(badNodes.out().isEmpty(), "nothing listed: " + badNodes);
    }

    @Test
    void nodesMarksTheStoppedNodeAndListsTheOthers() throws Exception {
        long stopped = pids.start().pid();
        long serving = pids.start().pid();
        // the stopped node sorts first: it is the one the registry would have been asked of
        nodes.add(new FakeNode(mlos.runDir(), "a-cache", stopped, FakeNode.STOPPED));
        nodes.add(new FakeNode(mlos.runDir(), "worker", serving,
                line -> line.equals("cluster nodes") ? "registry as worker sees it\n" : "\n"));
        CliRun.Result r = mlos.run("nodes");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("a-cache-" + stopped + ".sock  (no answer within 1 s)")),
                r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.endsWith("worker-" + serving + ".sock")), r.toString());
        assertTrue(r.out().contains("registry as worker sees it"), r.toString());
        assertTrue(r.err().contains("node a-cache-" + stopped + " did not answer within 1 s: is it stopped"), r.toString());
    }

    @Test
    void aSwapLongerThanTheBoundWaitsWhileTheNodeAnswersAndEndsWhenItStops() throws Exception {
        long slow = pids.start().pid();
        // answers every check, and the swap after three of them: longer than the 1 s bound
        AtomicInteger checks = new AtomicInteger();
        nodes.add(new FakeNode(mlos.runDir(), "cache", slow, stoppingAfter(checks, Integer.MAX_VALUE, 3)));
        CliRun.Result done = mlos.run("swap", "KeyValueStore", "slab", "--node", Long.toString(slow));
        assertEquals(0, done.code(), done.toString());
        assertTrue(done.out().startsWith("COMPLETED"), done.toString());
        assertTrue(checks.get() >= 3, done.toString());

        long stopped = pids.start().pid();
        // answers two checks, then stops: the swap's wait ends at the next one
        nodes.add(new FakeNode(mlos.runDir(), "store", stopped, stoppingAfter(new AtomicInteger(), 2, Integer.MAX_VALUE)));
        CliRun.Result r = mlos.run("swap", "KeyValueStore", "slab", "--node", Long.toString(stopped));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("node store-" + stopped + " stopped answering while 'swap KeyValueStore slab' waited"),
                r.toString());
        assertTrue(r.err().contains("mlos history --node " + stopped), r.toString());
    }

    /**
     * A node that answers its first {@code answered} checks ({@link NodeClient#CHECK}), counted in
     * {@code checks}, then nothing, as a node stopped; and a swap once {@code swapAfter} checks were
     * answered. The swap's wait ends on the fake's close (its interrupt).
     */
    private static UnaryOperator<String> stoppingAfter(AtomicInteger checks, int answered, int swapAfter) {
        return line -> {
            if (NodeClient.CHECK.equals(line) && checks.get() < answered) {
                checks.incrementAndGet();
                return "\n";
            }
            if (line.startsWith("swap ")) {
                try {
                    while (checks.get() < swapAfter) {
                        Thread.sleep(20);
                    }
                } catch (InterruptedException closed) {
                    return null;
                }
                return "COMPLETED swap KeyValueStore heap -> slab\n";
            }
            return null; // silent: keeps the connection open and says nothing
        };
    }
}
