package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.AnswerWait;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.testing.FakeNode;
import org.mlos.launcher.testing.LivePids;

/**
 * {@code mlos scale cache -1} with the leaving node stopped ({@code kill -STOP}) failed with the
 * node's silence only: the operator could not tell whether a node had been removed, nor what to do
 * next. It now says that nothing was removed and to run the scale again once the node answers.
 */
@Timeout(120) // a hang bound only: each wait below ends on the 1 s bound
class AScaleInRefusedForAStoppedNodeDidNotSayToRunItAgainTest {

    @TempDir
    Path root;

    private final List<FakeNode> open = new ArrayList<>();
    private final LivePids livePids = new LivePids();

    @BeforeEach
    void oneSecondToAnswer() {
        System.setProperty(AnswerWait.WITHIN_PROPERTY, "1");
    }

    @AfterEach
    void close() throws Exception {
        System.clearProperty(AnswerWait.WITHIN_PROPERTY);
        for (FakeNode c : open) {
            c.close();
        }
        livePids.close();
    }

    @Test
    void aStoppedLeavingNodeIsToldWithNothingRemovedAndTheScaleToRunAgain() throws Exception {
        long serving = livePids.start().pid();
        long stopped = livePids.start().pid();
        ClusterFiles files = new ScaleInCluster(root).of("demo", serving, stopped);
        open.add(FakeNode.inControlDir("cache", serving, line -> line.startsWith("scale ring") ? "ring=127.0.0.1:1 127.0.0.1:2\n"
                : "error: not expected here\n"));
        open.add(FakeNode.inControlDir("cache", stopped, FakeNode.STOPPED));
        IOException e = new ScaleInCluster(root).scaleInFails(files, 1);
        assertTrue(e.getMessage().contains("kill -CONT " + stopped + " resumes it"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was removed: cluster demo still runs its 2 cache node(s). Run the scale"
                + " again (mlos scale cache -1 --name demo) once cache-2 (pid " + stopped + ") answers (kill -CONT " + stopped
                + " first if it was stopped)"), e.getMessage());
        assertEquals(2, files.read().size(), "both nodes are still listed");
    }

    @Test
    void aStoppedNodeAskedForTheRingIsToldTheSameWay() throws Exception {
        long stopped = livePids.start().pid();
        ClusterFiles files = new ScaleInCluster(root).of("mlos", stopped);
        open.add(FakeNode.inControlDir("cache", stopped, FakeNode.STOPPED));
        IOException e = new ScaleInCluster(root).scaleInFails(files, 1);
        assertTrue(e.getMessage().contains("Nothing was removed: cluster mlos still runs its 1 cache node(s). Run the scale"
                + " again (mlos scale cache -1) once cache-1 (pid " + stopped + ") answers"), e.getMessage());
    }
}
