package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.testing.FakeNode;
import org.mlos.launcher.testing.FakeNodes;
import org.mlos.launcher.testing.LivePids;

/**
 * A scale-in whose leaving node was stopped ({@code kill -STOP}) gave up on it and said "Nothing
 * was removed"; resumed, the node read the drain still in its control socket and drained itself
 * off the ring, still listed, serving nothing. A drain is now asked with the time by which it must
 * begin ({@code --by}, wall-clock ms), before the scale may give up on it; a node refuses one that
 * comes later (the node's side: the cluster module's {@code ADrainThatCameAfterItsScaleGaveUpRanAnywayTest}).
 */
@Timeout(120)
class AStoppedLeavingNodeDrainedItselfOnceResumedTest {

    @TempDir
    Path root;

    @RegisterExtension
    final LivePids pids = new LivePids();

    @RegisterExtension
    final FakeNodes nodes = new FakeNodes("2");

    @Test
    void theDrainSaysByWhenItMustBeginWithinTheTimeTheScaleWaits() throws Exception {
        ProcessHandle staying = pids.start();
        ProcessHandle leaving = pids.start();
        ClusterFiles files = new ScaleInCluster(root).of("demo", staying.pid(), leaving.pid());
        List<String> asked = new CopyOnWriteArrayList<>();
        nodes.add(FakeNode.inControlDir("cache", staying.pid(), line -> line.startsWith("scale ring")
                ? "ring=127.0.0.1:1 127.0.0.1:2\n" : "error: not expected here\n"));
        nodes.add(FakeNode.inControlDir("cache", leaving.pid(), line -> {
            asked.add(line);
            return line.startsWith("scale drain") ? "drained moved=0 stored=0 passes=1 ms=1\n" : "error: not expected here\n";
        }));
        FakeCheckout checkout = new FakeCheckout(Files.createDirectories(root.resolve("checkout"))).profile("cache", true);
        long before = System.currentTimeMillis();
        try {
            new LocalScaler(checkout.layout(), files, 0, s -> { }).change("cache", -1, "test");
        } finally {
            checkout.killAll();
        }
        long after = System.currentTimeMillis();

        String drain = asked.stream().filter(l -> l.startsWith("scale drain")).findFirst().orElseThrow(() -> new AssertionError(asked));
        Matcher m = Pattern.compile(" --by (\\d+)$").matcher(drain);
        assertTrue(m.find(), drain);
        long by = Long.parseLong(m.group(1));
        assertTrue(by >= before + 2_000 && by <= after + 2_000, "by " + by + ": the answer time (2 s) after it was asked, "
                + "the scale waiting that and one check more at least");
        assertEquals(1, files.read().size());
    }
}
