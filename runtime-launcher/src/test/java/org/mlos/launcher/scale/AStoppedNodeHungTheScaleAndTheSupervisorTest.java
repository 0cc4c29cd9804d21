package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.AnswerWait;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SameImplementations;
import org.mlos.launcher.supervisor.SupervisedNode;
import org.mlos.launcher.testing.FakeNode;
import org.mlos.launcher.testing.LivePids;

/**
 * {@code kill -STOP} on a node of a local cluster hung {@code mlos scale} (a drain asked of it) and
 * the supervisor (its poll for the autoscaler's requests, its look at what the nodes run) for as
 * long as the node stayed stopped: its socket still accepts, and they read with no bound. A query
 * now has $MLOS_ANSWER_TIMEOUT seconds, a drain or a move waits while the node answers checks, and
 * the silence is told naming the node and its pid.
 */
@Timeout(120) // a hang bound only: each wait below ends on the 1 s bound
class AStoppedNodeHungTheScaleAndTheSupervisorTest {

    @TempDir
    Path root;

    private final List<FakeNode> open = new ArrayList<>();
    private final LivePids livePids = new LivePids();
    private ProcessHandle stopped;

    @BeforeEach
    void oneSecondToAnswer() throws IOException {
        System.setProperty(AnswerWait.WITHIN_PROPERTY, "1");
        stopped = livePids.start(); // a live pid: the stopped node's
    }

    @AfterEach
    void close() throws Exception {
        System.clearProperty(AnswerWait.WITHIN_PROPERTY);
        for (FakeNode c : open) {
            c.close();
        }
        livePids.close();
    }

    private ClusterFiles cluster(long... pids) throws IOException {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "c");
        List<ClusterFiles.Entry> all = new ArrayList<>();
        for (int i = 0; i < pids.length; i++) {
            all.add(new ClusterFiles.Entry(pids[i], "cache", "x.log", new SupervisedNode("cache-" + (i + 1), "cache", List.of())));
        }
        files.write(all);
        return files;
    }

    @Test
    void aScaleInWhoseLeavingNodeIsStoppedFailsNamingItAndRemovesNothing() throws Exception {
        long me = livePids.start().pid();
        ClusterFiles files = cluster(me, stopped.pid());
        open.add(FakeNode.inControlDir("cache", me, line -> line.startsWith("scale ring") ? "ring=127.0.0.1:1 127.0.0.1:2\n"
                : "error: not expected here\n"));
        open.add(FakeNode.inControlDir("cache", stopped.pid(), FakeNode.STOPPED));
        FakeCheckout checkout = new FakeCheckout(Files.createDirectories(root.resolve("checkout"))).profile("cache", true);
        try {
            LocalScaler scaler = new LocalScaler(checkout.layout(), files, 0, s -> { });
            IOException e = assertThrows(IOException.class, () -> scaler.change("cache", -1, "test"));
            assertTrue(e.getMessage().contains("node cache-2 stopped answering while 'scale drain' waited"), e.getMessage());
            assertTrue(e.getMessage().contains("a check of it got no answer within 1 s): is it stopped (kill -CONT "
                    + stopped.pid() + " resumes it)"), e.getMessage());
            assertEquals(2, files.read().size(), "the stopped node is still listed, and was not stopped");
            assertTrue(stopped.isAlive());
        } finally {
            checkout.killAll();
        }
    }

    @Test
    void theSupervisorsPollAsksTheNextNodeWhenOneIsStopped() throws Exception {
        long me = livePids.start().pid();
        ClusterFiles files = cluster(stopped.pid(), me);
        List<String> asked = new CopyOnWriteArrayList<>();
        open.add(FakeNode.inControlDir("cache", stopped.pid(), FakeNode.STOPPED));
        open.add(FakeNode.inControlDir("cache", me, line -> {
            asked.add(line);
            return line.equals("autoscale requests") ? "none\n" : "error: not expected here\n";
        }));
        FakeCheckout checkout = new FakeCheckout(Files.createDirectories(root.resolve("checkout"))).profile("cache", true);
        try {
            ScaleRequestExecutor x = new ScaleRequestExecutor(new LocalScaler(checkout.layout(), files, 0, s -> { }),
                    s -> { }, slot -> false);
            assertEquals(0, x.poll());
            assertEquals(List.of("autoscale requests"), asked);
        } finally {
            checkout.killAll();
        }
    }

    @Test
    void aRestartOrScaleOutAligningWithAStoppedNodeSaysSoAndGoesOn() throws Exception {
        open.add(FakeNode.inControlDir("cache", stopped.pid(), FakeNode.STOPPED));
        List<String> said = SameImplementations.align(List.of(new ClusterFiles.Entry(stopped.pid(), "cache", "x.log",
                new SupervisedNode("cache-1", "cache", List.of()))), List.of(), List.of());
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("node cache-1 did not answer 'active' within 1 s: is it stopped"
                + " (kill -CONT " + stopped.pid()), said.get(0));
    }
}
