package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;
import org.mlos.launcher.testing.FakeNode;
import org.mlos.launcher.testing.LivePids;

/**
 * An outsider's trial: {@code mlos cluster up --name demo} beside cluster mlos. {@code mlos nodes}
 * and {@code mlos swap … --cluster} acted on mlos without a word of demo and refused --name;
 * {@code --node cache-1} failed with "several nodes match 'cache-1'; running: cache-1 (cache-15068),
 * cache-1 (cache-22565)", naming neither node's cluster. Now they take --name, say which cluster
 * they act on when several are up, and name each node as demo/cache-1, which --node takes.
 */
@Timeout(120) // a hang bound only: each fake answers at once
class TwoLocalClustersCouldNotBeToldApartTest {

    @TempDir
    Path tmp;

    private CliRun mlos;
    private final LivePids pids = new LivePids(); // one JVM is one pid: each cluster's node needs its own
    private final List<FakeNode> nodes = new ArrayList<>();
    private final List<String> askedOfDemo = new CopyOnWriteArrayList<>();
    private long ours;
    private long demo;

    @BeforeEach
    void twoClusters() throws Exception {
        mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        ours = pids.start().pid();
        demo = pids.start().pid();
        cluster("mlos", ours);
        cluster("demo", demo);
        nodes.add(new FakeNode(mlos.runDir(), "cache", ours, line -> answer("mlos", line)));
        nodes.add(new FakeNode(mlos.runDir(), "cache", demo, line -> {
            askedOfDemo.add(line);
            return answer("demo", line);
        }));
    }

    private static String answer(String cluster, String line) {
        if (line.startsWith("cluster swap ")) {
            return "COMPLETED cluster swap in " + cluster + "\n";
        }
        return switch (line) {
            case "cluster nodes" -> "registry of " + cluster + "\n";
            case "kinds" -> "kinds of " + cluster + "\n";
            case "scale loads" -> "error: none\n";
            default -> "\n"; // a check, a progress poll: answered, nothing to tell
        };
    }

    private void cluster(String name, long pid) throws IOException {
        new ClusterFiles(Files.createDirectories(mlos.runDir().resolve("cluster")), name).write(List.of(
                new ClusterFiles.Entry(pid, "cache", "x.log", new SupervisedNode("cache-1", "cache", List.of()))));
    }

    @AfterEach
    void stop() throws Exception {
        for (FakeNode n : nodes) {
            n.close();
        }
        pids.close();
    }

    @Test
    void nodesNamesEachNodesClusterAndWhichRegistryItShows() throws Exception {
        CliRun.Result r = mlos.run("nodes");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.contains(" " + ours + "  mlos/cache-1 ")), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.contains(" " + demo + "  demo/cache-1 ")), r.toString());
        assertTrue(r.out().contains("registry of cluster mlos, asked of mlos/cache-1 (cache-" + ours + ") (also up here: demo;"
                + " --name <cluster> acts on another):\nregistry of mlos"), r.toString());

        CliRun.Result d = mlos.run("nodes", "--name", "demo");
        assertEquals(0, d.code(), d.toString());
        assertFalse(d.out().contains("cache-" + ours), d.toString());
        assertTrue(d.out().contains("registry of demo"), d.toString());

        CliRun.Result none = mlos.run("nodes", "--name", "dmeo");
        assertEquals(1, none.code(), none.toString());
        assertTrue(none.err().contains("no local cluster dmeo is up; up here: demo, mlos (mlos nodes --name <cluster>)"),
                none.toString());
        assertFalse(none.err().contains("mlos run"), "every node running is a cluster's: " + none);
    }

    /**
     * Nodes started with {@code mlos run --set mlos.cluster.name=h146r} were listed as "cluster h146r"
     * by {@code mlos nodes}, and {@code mlos nodes --name h146r} said no such cluster was up, nothing more.
     */
    @Test
    void aNameOfNodesStartedByRunSaysWhatNameTakesAndHowToAskThem() throws Exception {
        long byRun = pids.start().pid();
        nodes.add(new FakeNode(mlos.runDir(), "worker", byRun, line -> answer("h146r", line)));
        CliRun.Result r = mlos.run("nodes", "--name", "h146r");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("no local cluster h146r is up; up here: demo, mlos (mlos nodes --name <cluster>); --name"
                + " names the clusters 'mlos cluster up' started: 1 node(s) started otherwise (mlos run) are asked one by one"
                + " with --node <pid>"), r.toString()); // mlos is up: without --name its nodes are asked
    }

    @Test
    void aSlotInTwoClustersIsRefusedNamingEachNodesClusterAndTakenWithIt() throws Exception {
        CliRun.Result r = mlos.run("kinds", "--node", "cache-1");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("several nodes match 'cache-1' (pick one by cluster/slot, or with --name <cluster>)"),
                r.toString());
        assertTrue(r.err().contains("mlos/cache-1 (cache-" + ours + ")") && r.err().contains("demo/cache-1 (cache-" + demo
                + ")"), r.toString());

        CliRun.Result qualified = mlos.run("kinds", "--node", "demo/cache-1");
        assertEquals(0, qualified.code(), qualified.toString());
        assertEquals("kinds of demo\n", qualified.out());

        CliRun.Result named = mlos.run("kinds", "--node", "cache-1", "--name", "demo");
        assertEquals(0, named.code(), named.toString());
        assertEquals("kinds of demo\n", named.out());
    }

    @Test
    void aClusterSwapTakesNameAndSaysWhichClusterItSwapped() throws Exception {
        CliRun.Result r = mlos.run("swap", "KeyValueStore", "heap", "--cluster");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("COMPLETED cluster swap in mlos"), r.toString());
        assertTrue(r.err().contains("mlos: cluster mlos, asked of mlos/cache-1 (cache-" + ours + ") (also up here: demo"),
                r.toString());
        assertTrue(askedOfDemo.stream().noneMatch(l -> l.startsWith("cluster swap")), askedOfDemo.toString());

        CliRun.Result d = mlos.run("swap", "KeyValueStore", "heap", "--cluster", "--name", "demo");
        assertEquals(0, d.code(), d.toString());
        assertTrue(d.out().startsWith("COMPLETED cluster swap in demo"), d.toString());
        assertTrue(d.err().contains("mlos: cluster demo, asked of demo/cache-1"), d.toString());
    }
}
