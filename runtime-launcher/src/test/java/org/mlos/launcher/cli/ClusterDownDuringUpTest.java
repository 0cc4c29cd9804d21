package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;

/**
 * {@code mlos cluster down} did not take the start lock {@code mlos cluster up} holds while its
 * nodes start: a down during an up stopped the nodes listed so far, and the up went on to start
 * the rest, which ran on after the down had said the cluster was stopped. A down now waits for
 * the up to end (at most {@code --wait} seconds, then it stops nothing and says why), and then
 * stops every node. The nodes are shell scripts ({@link FakeCheckout}); the worker's boot is held
 * by the test, so that the up is mid-start while the down comes.
 */
@Timeout(240)
class ClusterDownDuringUpTest {

    @TempDir
    Path tmp;

    private FakeCheckout checkout;
    private CliRun mlos;
    /** Threads of its own: the common pool of a two-core machine runs one task at a time, and the down would wait for the up. */
    private final ExecutorService commands = Executors.newCachedThreadPool();

    @BeforeEach
    void checkout() throws Exception {
        checkout = new FakeCheckout(Files.createDirectories(tmp.resolve("root"))).profile("cache", true)
                .profile("worker", true);
        mlos = new CliRun(checkout, tmp.resolve("run"), tmp.resolve("config"));
    }

    @AfterEach
    void stopNodes() throws Exception {
        checkout.release("worker").killAll();
        commands.shutdownNow();
    }

    @Test
    void aDownDuringAnUpWaitsForItThenStopsEveryNode() throws Exception {
        AtomicLong upPid = new AtomicLong();
        CompletableFuture<CliRun.Result> up = upHeldAtTheWorker(upPid);

        CompletableFuture<CliRun.Result> down = async("cluster", "down");
        Thread.sleep(3_000); // the down that took no lock had stopped cache-1 by now
        assertFalse(down.isDone(), "the down waits for the up: " + (down.isDone() ? down.get() : ""));
        long cache = checkout.started("cache").get(0);
        long worker = checkout.started("worker").get(0);
        assertTrue(FakeCheckout.alive(cache) && FakeCheckout.alive(worker), "nothing stopped while the up runs");

        checkout.release("worker");
        CliRun.Result started = up.get(60, TimeUnit.SECONDS);
        assertEquals(0, started.code(), started.toString());
        assertTrue(started.out().contains("cluster mlos is up"), started.toString());

        CliRun.Result stopped = down.get(60, TimeUnit.SECONDS);
        assertEquals(0, stopped.code(), stopped.toString());
        assertTrue(stopped.err().contains("mlos: 'mlos cluster up' is starting cluster mlos; waiting for it to end (at most"
                + " 300 s) before stopping the cluster (pid " + upPid.get() + ", since "), stopped.toString());
        assertTrue(stopped.out().contains("cluster mlos: stopped 2 node(s)"), stopped.toString());
        assertFalse(FakeCheckout.alive(cache), "cache-1 (pid " + cache + ") was stopped");
        assertFalse(FakeCheckout.alive(worker), "worker-1 (pid " + worker + "), started by the up, was stopped");

        CliRun.Result again = mlos.run("cluster", "up", "--nodes", "cache=1");
        assertEquals(0, again.code(), "the cluster's files are gone: not 'already up': " + again);
        mlos.run("cluster", "down");
    }

    @Test
    void aDownThatWaitsLongerThanItMaySaysWhyAndStopsNothing() throws Exception {
        AtomicLong upPid = new AtomicLong();
        CompletableFuture<CliRun.Result> up = upHeldAtTheWorker(upPid);

        CliRun.Result down = mlos.run("cluster", "down", "--wait", "1");
        assertEquals(1, down.code(), down.toString());
        assertTrue(down.err().contains("mlos cluster down: 'mlos cluster up' (pid " + upPid.get() + ", since ")
                && down.err().contains(") was still starting cluster mlos after 1 s, so nothing was stopped. Run"
                        + " 'mlos cluster down' again once it has ended (--wait <seconds> waits longer), or end it first"
                        + " (Ctrl-C where it runs, or kill " + upPid.get() + ": it stops the nodes it started)"),
                down.toString());
        long cache = checkout.started("cache").get(0);
        assertTrue(FakeCheckout.alive(cache), "cache-1 still runs");

        checkout.release("worker");
        assertEquals(0, up.get(60, TimeUnit.SECONDS).code());
        CliRun.Result later = mlos.run("cluster", "down", "--wait", "1");
        assertTrue(later.out().contains("cluster mlos: stopped 2 node(s)"), later.toString());
    }

    /** {@code cluster up --nodes cache=1,worker=1} in the background, returned once cache-1 is ready and worker-1 boots. */
    private CompletableFuture<CliRun.Result> upHeldAtTheWorker(AtomicLong pid) throws Exception {
        checkout.holding("worker");
        CompletableFuture<CliRun.Result> up = CompletableFuture.supplyAsync(() -> {
            try {
                return mlos.run(p -> pid.set(p.pid()), "cluster", "up", "--nodes", "cache=1,worker=1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, commands);
        for (int i = 0; i < 600 && checkout.started("worker").isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertFalse(checkout.started("worker").isEmpty(), "worker-1 starts: " + (up.isDone() ? up.get() : ""));
        return up;
    }

    private CompletableFuture<CliRun.Result> async(String... args) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return mlos.run(args);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, commands);
    }
}
