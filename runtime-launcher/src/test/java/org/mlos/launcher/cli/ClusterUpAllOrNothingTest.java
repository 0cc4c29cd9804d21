package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.launcher.process.FakeCheckout;

/**
 * {@code mlos cluster up --nodes cache=1,nope=1} started cache-1, printed that nope-1 did not start,
 * then "cluster mlos is up", exited 1 and left cache-1 running (the next {@code cluster up}: "already
 * up"). {@code --nodes minimal=1} came "up" with no registry, and {@code --set foo} printed a Java
 * stack trace. Now what the user gave is checked before any node starts, and a node that fails to
 * start anyway takes the nodes started before it down with it. The nodes here are shell scripts
 * ({@link FakeCheckout}).
 */
@Timeout(180)
class ClusterUpAllOrNothingTest extends FakeCheckoutTest {

    @Override
    FakeCheckout profiles(FakeCheckout empty) throws IOException {
        return empty.profile("cache", true).profile("worker", true).profile("minimal", false).profile("cache-standalone", false);
    }

    @Test
    void anUnknownProfileIsRefusedBeforeAnyNodeStarts() throws Exception {
        CliRun.Result r = mlos.run("cluster", "up", "--nodes", "cache=1,nope=1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("unknown profile 'nope' in --nodes; profiles: cache, cache-standalone, minimal, worker"),
                r.toString());
        assertTrue(checkout.started("cache").isEmpty(), "no node starts");
        assertFalse(r.out().contains("is up"), r.toString());
    }

    @Test
    void aProfileThatNeverJoinsIsRefusedNamingThoseThatDo() throws Exception {
        for (String alone : new String[] { "minimal", "cache-standalone" }) {
            CliRun.Result r = mlos.run("cluster", "up", "--nodes", "cache=1," + alone + "=1");
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().contains("profile '" + alone + "' in --nodes never joins a cluster")
                    && r.err().contains("Profiles that join: cache, worker") && r.err().contains("mlos run " + alone), r.toString());
        }
        assertTrue(checkout.started("cache").isEmpty(), "no node starts");
        CliRun.Result scaled = mlos.run("cluster", "up", "--nodes", "cache=1", "--autoscale", "minimal=1..2");
        assertEquals(2, scaled.code(), scaled.toString());
        assertTrue(scaled.err().contains("profile 'minimal' in --autoscale never joins a cluster"), scaled.toString());
    }

    @Test
    void aBadSetIsAUsageErrorNotAStackTrace() throws Exception {
        CliRun.Result r = mlos.run("cluster", "up", "--set", "foo");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("mlos cluster up: --set takes key=value, got 'foo'"), r.toString());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.toString());
        assertTrue(checkout.started("cache").isEmpty(), "no node starts");
    }

    @Test
    void aNodeThatFailsToStartStopsTheNodesStartedBeforeIt() throws Exception {
        checkout.failing("worker");
        CliRun.Result r = mlos.run("cluster", "up", "--nodes", "cache=1,worker=1");
        assertEquals(1, r.code(), r.toString());
        assertFalse(r.out().contains("is up"), r.toString());
        assertTrue(r.err().contains("node worker-1 did not start") && r.err().contains("failed to start: as the test asked")
                && r.err().contains("cluster mlos is not up: stopped the node(s) started before worker-1 (cache-1)"), r.toString());
        long cache = checkout.started("cache").get(0);
        assertFalse(FakeCheckout.alive(cache), "cache-1 (pid " + cache + ") was stopped");

        Files.delete(checkout.root().resolve("fail-worker"));
        CliRun.Result again = mlos.run("cluster", "up", "--nodes", "cache=1");
        assertEquals(0, again.code(), "not 'already up': " + again);
        assertTrue(again.out().contains("cluster mlos is up"), again.toString());
        CliRun.Result down = mlos.run("cluster", "down");
        assertTrue(down.out().contains("stopped 1 node(s)"), down.toString());
    }

    /**
     * Ctrl-C (or a TERM) while a node boots: the nodes are detached, so the signal reached the
     * command alone, and the nodes it had started ran on as a cluster half up.
     */
    @Test
    void anInterruptedUpStopsTheNodesItStarted() throws Exception {
        checkout.hanging("worker");
        CliRun.Result r = mlos.run(p -> {
            try {
                for (int i = 0; i < 600 && checkout.started("worker").isEmpty(); i++) {
                    Thread.sleep(100);
                }
                // TERM, as a supervisor or a closed terminal sends it; Ctrl-C's INT runs the same hook,
                // but a command started in the background (a CI job's) ignores INT from birth
                p.destroy();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "cluster", "up", "--nodes", "cache=1,worker=1");
        assertFalse(r.out().contains("is up"), r.toString());
        assertFalse(r.err().contains("did not start"), "the node stopped under its boot did not fail: " + r);
        assertTrue(r.err().contains("cluster up interrupted: stopped the 2 node(s) it had started (cache-1 ready)"), r.toString());
        long cache = checkout.started("cache").get(0);
        long worker = checkout.started("worker").get(0);
        assertFalse(FakeCheckout.alive(cache), "cache-1 (pid " + cache + ") was stopped");
        assertFalse(FakeCheckout.alive(worker), "worker-1 (pid " + worker + ") was stopped");

        Files.delete(checkout.root().resolve("hang-worker"));
        CliRun.Result again = mlos.run("cluster", "up", "--nodes", "cache=1");
        assertEquals(0, again.code(), "not 'already up': " + again);
        mlos.run("cluster", "down");
    }
}
