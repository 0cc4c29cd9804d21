package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;
import org.mlos.launcher.testing.FakeNode;
import org.mlos.launcher.testing.LivePids;

/**
 * An outsider's supervised cluster had a node left dead (5 restarts in 60 s), then its supervisor
 * killed: {@code mlos nodes --name h149c} showed a cluster of one node and exited 0; only {@code
 * cluster down} told what was missing. {@code mlos nodes} names the listed node that does not run
 * and the supervisor that died, and exits 1.
 */
@Timeout(120) // a hang bound only: each fake answers at once
class AClusterWithADeadNodeLookedWholeTest {

    @TempDir
    Path tmp;

    private CliRun mlos;
    private final LivePids pids = new LivePids();
    private FakeNode live;
    private long alive;
    private long dead;

    @BeforeEach
    void aClusterOfTwoWithOneDead() throws Exception {
        mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        alive = pids.start().pid();
        ProcessHandle gone = pids.start();
        dead = gone.pid();
        gone.destroyForcibly();
        gone.onExit().get();
        ClusterFiles files = new ClusterFiles(Files.createDirectories(mlos.runDir().resolve("cluster")), "h149c");
        files.write(List.of(new ClusterFiles.Entry(alive, "cache", "a.log", new SupervisedNode("cache-1", "cache", List.of())),
                new ClusterFiles.Entry(dead, "cache", "b.log", new SupervisedNode("cache-2", "cache",
                        List.of("--set", "mlos.fault.dir=" + tmp.resolve("h149c-cache-2.data"))))));
        Files.writeString(files.supervisorPid(), Long.toString(dead)); // its supervisor is gone too
        live = new FakeNode(mlos.runDir(), "cache", alive, line -> switch (line) {
            case "cluster nodes" -> "registry of h149c\n";
            case "scale loads" -> "error: none\n";
            default -> "\n";
        });
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
        pids.close();
    }

    @Test
    void theDeadNodeAndTheDeadSupervisorAreNamed() throws Exception {
        CliRun.Result r = mlos.run("nodes", "--name", "h149c");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("mlos: warning: cluster h149c's supervisor (pid " + dead + ") is not running: a node"
                + " that dies is not restarted; 'mlos cluster down --name h149c', then up, starts it again"), r.toString());
        assertTrue(r.err().contains("mlos: warning: cluster h149c lists cache-2 (pid " + dead + "), which is not running:"
                + " nothing restarts it; 'mlos cluster down --name h149c', then up, starts it again, on its data folder"),
                r.toString());
        assertTrue(!r.err().contains("cache-1"), "the node that runs is not told: " + r);
        assertEquals(1, mlos.run("nodes").code(), "without --name too");
        CliRun.Result one = mlos.run("nodes", "--node", Long.toString(alive));
        assertEquals(0, one.code(), "asked of one node that runs: " + one);
    }

    /** The worst case: no node of the cluster runs, so there was none to list, and nothing was said. */
    @Test
    void aClusterWhoseEveryNodeIsDeadIsToldToo() throws Exception {
        live.close();
        new ClusterFiles(mlos.runDir().resolve("cluster"), "h149c").write(List.of(
                new ClusterFiles.Entry(dead, "cache", "b.log", new SupervisedNode("cache-2", "cache", List.of()))));
        CliRun.Result r = mlos.run("nodes");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("cluster h149c lists cache-2 (pid " + dead + "), which is not running"), r.toString());
    }
}
