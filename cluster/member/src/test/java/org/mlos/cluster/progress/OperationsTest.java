package org.mlos.cluster.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.cluster.api.ClusterProgress;
import org.mlos.cluster.api.ClusterProgress.NodeProgress;
import org.mlos.cluster.api.ClusterProgress.State;

/**
 * The cluster operations a member coordinates, node by node: lines people read, and pictures that
 * stay whole (a phase never beside the node states of another) while readers race the coordinator.
 */
@Timeout(60)
class OperationsTest {

    @Test
    void aRolloutReadsNodeByNodeAndLeavesNothingBehind() {
        Operations ops = new Operations();
        Operation o = ops.start("rollout", "org.x.b 1.2.0 to profile worker", null, "sharing the jar", List.of("n1", "n2", "n3"),
                List.of("worker", "worker", "worker"));
        o.phase("install", true);
        o.done(1, "INSTALLED", 80, null);
        ClusterProgress p = ops.snapshot().get(0);
        assertTrue(p.toLine().matches("rollout org\\.x\\.b 1\\.2\\.0 to profile worker: install, 1/3 nodes done, 2 in flight,"
                + " 0 pending, \\d+\\.\\d s"), p.toLine());
        assertEquals(List.of("  n2 (worker) install: INSTALLED 80 ms"), p.doneLines());
        o.done(0, "REFUSED", 3, "not signed by a trusted key");
        assertEquals(List.of("  n1 (worker) install: REFUSED 3 ms  not signed by a trusted key",
                "  n2 (worker) install: INSTALLED 80 ms"), ops.snapshot().get(0).doneLines());
        ops.end(o);
        assertEquals(List.of(), ops.snapshot());
    }

    @Test
    void aNodeInFlightOfASwapTellsHowFarItsOwnSwapHasGotAndOnlyIt() {
        Operations ops = new Operations();
        Operation o = ops.start("swap", "KeyValueStore -> lru (rolling)", "org.mlos.mem.api.KeyValueStore", "swap",
                List.of("58f04565-301e", "b3c0acd2-3e8d"), List.of("cache", "cache"));
        o.asked(0);
        List<String> asked = new ArrayList<>();
        ClusterProgress p = ops.snapshot((kind, node) -> {
            asked.add(kind + "@" + node);
            return "swap KeyValueStore heap -> lru: pre-copy pass 1, 4,096/20,000 entries, 1.0 s";
        }).get(0);
        assertEquals(List.of("org.mlos.mem.api.KeyValueStore@58f04565-301e"), asked, "only the node in flight is asked");
        assertTrue(p.toLine().endsWith(" pending, 0.0 s; 58f04565: pre-copy pass 1, 4,096/20,000 entries, 1.0 s")
                || p.toLine().matches(".*; 58f04565: pre-copy pass 1, 4,096/20,000 entries, 1\\.0 s"), p.toLine());
        assertEquals(null, p.nodes().get(1).detail());
        ops.end(o);
        // A rollout's nodes are not asked: there is no kind.
        Operation r = ops.start("rollout", "b 1.0 to profile worker", null, "install", List.of("n1"), List.of("worker"));
        r.phase("install", true);
        ops.snapshot((kind, node) -> {
            throw new AssertionError("asked " + node + " of a rollout");
        }).size();
        ops.end(r);
    }

    @Test
    void readersNeverSeeAPhaseBesideAnotherPhasesNodes() throws Exception {
        int nodes = 8;
        int phases = 2_000;
        Operations ops = new Operations();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ids.add("n" + i);
        }
        Operation o = ops.start("swap", "Store -> heap (atomic)", null, "p0", ids, java.util.Collections.nCopies(nodes, "cache"));
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        for (int r = 0; r < 4; r++) {
            readers.add(Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    for (ClusterProgress p : ops.snapshot()) {
                        for (NodeProgress n : p.nodes()) {
                            // every node done in phase pK carries outcome "K"
                            if (n.state() == State.DONE && !("p" + n.outcome()).equals(p.phase())) {
                                wrong.add(p.phase() + " beside " + n);
                            }
                        }
                        if (p.nodes().size() != nodes) {
                            wrong.add("nodes: " + p.nodes().size());
                        }
                    }
                }
            }));
        }
        for (int k = 1; k <= phases; k++) {
            o.phase("p" + k, true);
            for (int i = 0; i < nodes; i++) {
                o.done(i, Integer.toString(k), 1, null);
            }
        }
        done.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertEquals(List.of(), new ArrayList<>(wrong));
        assertEquals(nodes, ops.snapshot().get(0).count(State.DONE));
        ops.end(o);
        assertEquals(List.of(), ops.snapshot());
    }
}
