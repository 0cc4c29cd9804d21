package org.mlos.launcher.scale;

import org.junit.jupiter.api.BeforeEach;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;
import org.mlos.launcher.testing.FakeNode;
import org.mlos.launcher.testing.LivePids;

/**
 * An outsider's supervised cluster, a cache profile on a ketama ring, scaled {@code +1}: the new
 * node killed while the keys were copied to it was restarted by the supervisor from the cluster's
 * files without {@code mlos.scale.joining=true} (its first start's only), so it served at once,
 * on the ring with only the keys copied so far (36–47% of the keys missing at their owner); the
 * old node killed meanwhile left the new one {@code joining} for good, listed, and every later
 * {@code +1} did nothing or failed. A scale-out that fails before its new nodes go on the ring is
 * now rolled back, and a new node's spec says {@code joining} until it serves.
 *
 * <p>The old cache node is this test's process with a fake control socket; the new one, a
 * {@link FakeCheckout} node.
 */
@Timeout(120)
class AScaleOutWhoseCopyFailedLeftItsNewNodeOnTheRingTest {

    private static final String JOINING = "mlos.scale.joining=true";

    @TempDir
    Path root;

    private final List<FakeNode> sockets = new CopyOnWriteArrayList<>();
    private final LivePids pids = new LivePids();
    private FakeCheckout checkout;

    /** A live node's pid: this JVM is none (a listed pid counts as a node only if it runs the launcher). */
    private long node;

    @BeforeEach
    void aLiveNode() throws IOException {
        node = pids.start().pid();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (FakeNode s : sockets) {
            s.close();
        }
        if (checkout != null) {
            checkout.killAll();
        }
        pids.close();
    }

    /** The cluster {@code c}: one cache node (a live pid) on its data folder. */
    private ClusterFiles cluster() throws IOException {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "c");
        files.write(List.of(new ClusterFiles.Entry(node, "cache", "x.log", new SupervisedNode(
                "cache-1", "cache", List.of("--set", "mlos.fault.dir=" + files.dir().resolve("c-cache-1.data"))))));
        return files;
    }

    private LocalScaler scaler(ClusterFiles files) throws IOException {
        checkout = new FakeCheckout(Files.createDirectories(root.resolve("checkout"))).profile("cache", true);
        return new LocalScaler(checkout.layout(), files, 0, s -> { });
    }

    /** What the old node answers but a rebalance: it has a ring, lists the new node, tells no implementations. */
    private static String oldNode(String line, UnaryOperator<String> rebalance) {
        if (line.equals("scale ring cache")) {
            return "ring=127.0.0.1:21211\n";
        }
        if (line.startsWith("scale ring cache --joining ")) {
            return "ring=127.0.0.1:21211 127.0.0.1:21212\n";
        }
        if (line.startsWith("scale rebalance ")) {
            return rebalance.apply(line);
        }
        return line.equals("scale progress") ? "" : "error: unknown request '" + line + "'\n";
    }

    /** The new node of a rebalance request {@code r}: it answers {@code scale serve}, and says so in {@code served}. */
    private void newNode(String r, java.util.concurrent.atomic.AtomicBoolean served) throws IOException {
        sockets.add(FakeNode.inControlDir("cache", joiningPid(r), s -> {
            served.set(s.equals("scale serve"));
            return s.equals("scale serve") ? "serving\n" : "error: unknown request\n";
        }));
    }

    private static long joiningPid(String request) {
        String[] f = request.split(" ");
        for (int i = 0; i < f.length - 1; i++) {
            if (f[i].equals("--joining")) {
                return Long.parseLong(f[i + 1]);
            }
        }
        throw new AssertionError("no --joining in " + request);
    }

    private static SupervisedNode spec(ClusterFiles files, String slot) throws IOException {
        for (ClusterFiles.Entry e : files.read()) {
            if (e.node() != null && e.node().slot().equals(slot)) {
                return e.node();
            }
        }
        return null;
    }

    private static void assertGone(long pid) throws InterruptedException {
        for (int i = 0; i < 50 && FakeCheckout.alive(pid); i++) {
            Thread.sleep(100);
        }
        assertFalse(FakeCheckout.alive(pid), "pid " + pid + " still runs");
    }

    /** Defect 2: the old node died during pass 1 (its reply empty); the new node stayed, joining, listed. */
    @Test
    void theOldNodeDyingDuringTheCopyRollsTheNewNodeBack() throws Exception {
        ClusterFiles files = cluster();
        LocalScaler scaler = scaler(files);
        Path data = files.dir().resolve("c-cache-2.data");
        sockets.add(FakeNode.inControlDir("cache", node, line -> oldNode(line, r -> {
            try { // the new node wrote its data folder and kept its port meanwhile
                Files.createDirectories(data);
                Files.writeString(data.resolve("journal"), "x");
                Files.writeString(files.dir().resolve("c-cache-2.data.port"), "21212\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return ""; // killed while it copied: the connection closed without an answer
        })));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scaler.change("cache", 1, "test"));

        String m = e.getMessage();
        assertTrue(m.contains("scale-out of cache by +1 in cluster c failed before its new node(s) went on the ring"), m);
        assertTrue(m.contains("gave no answer to 'scale rebalance") && m.contains("it may have died"), m);
        assertTrue(m.contains("The 1 new node(s)") && m.contains("were stopped and removed: the cluster is as before"), m);
        assertTrue(m.contains("Run the scale again (mlos scale cache +1 --name c)"), m); // its cluster named (an outsider's re-check)
        assertEquals(List.of("cache-1"), files.read().stream().map(x -> x.node().slot()).toList(),
                "the new node is no longer in the cluster's files: a supervisor leaves it be");
        assertGone(checkout.started("cache").get(0));
        assertFalse(Files.exists(data), "its data folder is deleted");
        assertFalse(Files.exists(files.dir().resolve("c-cache-2.data.port")), "its kept port is forgotten");
    }

    /**
     * The re-check's finding: without a supervisor, a rollback after the old node died said "the
     * cluster is as before, 1 cache node(s)" of a cluster with none running. The old node is a real
     * process here, killed while it copies.
     */
    @Test
    void aRollBackAfterTheOldNodeDiedSaidTheClusterWasAsBefore() throws Exception {
        ProcessHandle old = pids.start();
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "c");
        files.write(List.of(new ClusterFiles.Entry(old.pid(), "cache", "x.log", new SupervisedNode(
                "cache-1", "cache", List.of("--set", "mlos.fault.dir=" + files.dir().resolve("c-cache-1.data"))))));
        LocalScaler scaler = scaler(files);
        sockets.add(FakeNode.inControlDir("cache", old.pid(), line -> oldNode(line, r -> {
            old.destroyForcibly();
            old.onExit().join(); // dead before the reply, as a node killed while it copied
            return "";
        })));

        String m = assertThrows(IllegalStateException.class, () -> scaler.change("cache", 1, "test")).getMessage();

        assertFalse(m.contains("as before"), m);
        assertTrue(m.contains("were stopped and removed: the cluster has its 1 cache node(s) of before, but pid(s) "
                + old.pid() + " died meanwhile (see mlos nodes; a cluster up with --supervise restarts a dead node)"), m);
    }

    /**
     * Defect 1: the new node killed during pass 1 and restarted by the supervisor (under a new
     * pid, from its spec): the restart joins (off the ring), and the failed scale-out takes the
     * restarted node away, found by its slot.
     */
    @Test
    void theNewNodeRestartedDuringTheCopyJoinsAndIsRolledBack() throws Exception {
        ClusterFiles files = cluster();
        LocalScaler scaler = scaler(files);
        List<String> restartedWith = new CopyOnWriteArrayList<>();
        List<Long> restarted = new CopyOnWriteArrayList<>();
        sockets.add(FakeNode.inControlDir("cache", node, line -> oldNode(line, r -> {
            try {
                ProcessHandle.of(joiningPid(r)).ifPresent(ProcessHandle::destroyForcibly); // kill -9
                files.locked(() -> { // the supervisor restarts it as its spec says
                    List<ClusterFiles.Entry> all = files.read();
                    for (int i = 0; i < all.size(); i++) {
                        ClusterFiles.Entry dead = all.get(i);
                        if (dead.node().slot().equals("cache-2")) {
                            restartedWith.addAll(dead.node().args());
                            NodeProcess p = NodeProcess.startDetached(checkout.layout(), "cache", dead.node().args(),
                                    List.of(), files.dir().resolve("c-cache-2-r1.log"));
                            restarted.add(p.pid());
                            all.set(i, new ClusterFiles.Entry(p.pid(), "cache", "r1.log", dead.node()));
                        }
                    }
                    files.write(all);
                    return null;
                });
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "error: did not take 1000 items: UNREACHABLE the node left the cluster\n";
        })));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scaler.change("cache", 1, "test"));

        assertTrue(restartedWith.contains(JOINING), "a restart of a node still joining joins again: " + restartedWith);
        String m = e.getMessage();
        assertTrue(m.contains("failed before its new node(s) went on the ring") && m.contains("UNREACHABLE")
                && m.contains("were stopped and removed"), m);
        assertEquals(1, restarted.size());
        assertTrue(m.contains(String.valueOf(restarted.get(0))), "the restarted node is the one stopped: " + m);
        assertEquals(List.of("cache-1"), files.read().stream().map(x -> x.node().slot()).toList());
        assertGone(restarted.get(0));
    }

    /** A scale-out that succeeds: the spec says joining while the keys are copied, and no longer once the node serves. */
    @Test
    void theNewNodesSpecSaysJoiningUntilItServes() throws Exception {
        ClusterFiles files = cluster();
        LocalScaler scaler = scaler(files);
        List<SupervisedNode> duringCopy = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean served = new java.util.concurrent.atomic.AtomicBoolean();
        sockets.add(FakeNode.inControlDir("cache", node, line -> line.equals("scale ring cache")
                && served.get() ? "ring=127.0.0.1:21211 127.0.0.1:21212\n" : oldNode(line, r -> {
            try {
                if (!r.contains(" --end")) {
                    duringCopy.add(spec(files, "cache-2"));
                    newNode(r, served);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return "rebalanced moved=3 started=7\n";
        })));

        LocalScaler.Result res = scaler.change("cache", 1, "test");

        assertEquals(2, res.after());
        assertEquals(1, duringCopy.size());
        assertTrue(duringCopy.get(0).args().contains(JOINING), "joining while the keys are copied: " + duringCopy);
        SupervisedNode after = spec(files, "cache-2");
        assertFalse(after.args().contains(JOINING), "serving: a restart serves at once: " + after);
        assertTrue(after.args().contains("mlos.fault.dir=" + files.dir().resolve("c-cache-2.data")), after.toString());
    }

    /**
     * The re-check's finding: a new node killed during the grace (after it went on the ring) was
     * missing from the ring pass 2 took its owners from: pass 2 moved and dropped nothing, the old
     * node kept its copies, and keys deleted at the new node came back at the next scale-in. Pass 2
     * now waits until the ring lists the new node again (its supervisor's restart).
     */
    @Test
    void passTwoWaitsForANewNodeThatDiedDuringTheGraceToBeBackOnTheRing() throws Exception {
        ClusterFiles files = cluster();
        LocalScaler scaler = scaler(files);
        java.util.concurrent.atomic.AtomicBoolean served = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger asksWhileGone = new java.util.concurrent.atomic.AtomicInteger();
        List<String> ringWhenPassTwo = new CopyOnWriteArrayList<>();
        sockets.add(FakeNode.inControlDir("cache", node, line -> {
            if (line.equals("scale ring cache") && served.get()) {
                // killed in the grace: off the ring for three looks, then restarted on its port
                return asksWhileGone.incrementAndGet() <= 3 ? "ring=127.0.0.1:21211\n" : "ring=127.0.0.1:21211 127.0.0.1:21212\n";
            }
            return oldNode(line, r -> {
                try {
                    if (r.contains(" --end")) {
                        ringWhenPassTwo.add(asksWhileGone.get() > 3 ? "back" : "gone");
                    } else {
                        newNode(r, served);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return "rebalanced moved=3 started=7\n";
            });
        }));

        assertEquals(2, scaler.change("cache", 1, "test").after());

        assertEquals(List.of("back"), ringWhenPassTwo, "pass 2 ran once the new node was back on the ring");
    }
}
