package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.Kernel;
import org.mlos.core.api.NoImplementationException;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/**
 * An outsider's rollouts with --restart-kinds: as each cache node's local store went with its
 * bundle, the kernel swapped it into the cluster's map (the one implementation left), its items
 * merged with every other node's there; back on the new version, each node took the whole map:
 * nodes held each other's keys, and 7,000 keys deleted before came back. A kind restarting in place
 * waits for its own implementation instead, none serving meanwhile, and takes no swap as the
 * preferred one comes back.
 */
@Timeout(60)
class AKindLetRestartWentIntoTheClustersMapTest {

    private static final String KIND = Counters.class.getName();

    private final SwapKernel kernel = new SwapKernel();
    private final Counters counters = kernel.handle(Counters.class);
    private final MapCounters slab = new MapCounters("slab");
    /** The cluster's map, shared with other nodes: what they wrote is in it. */
    private final MapCounters cluster = new MapCounters("cluster");

    private void twoNodesOfACluster() {
        kernel.install(Counters.class, "slab", slab, 10);
        kernel.install(Counters.class, "cluster", cluster, 0);
        cluster.add("other-node's", 1);
        for (int i = 0; i < 100; i++) {
            counters.add("k" + i, i);
        }
    }

    @Test
    void theKindWaitsForItsOwnImplementationAndNothingGoesIntoTheMap() {
        twoNodesOfACluster();
        SwapReport gone;
        int swaps = kernel.kind(KIND).orElseThrow().swaps();
        try (Kernel.InPlace inPlace = kernel.restartInPlace(List.of("Counters", "NoSuchKind"))) {
            gone = kernel.uninstall(Counters.class, "slab", slab);
            assertEquals(SwapOutcome.FORCED, gone.outcome());
            assertNull(gone.to(), gone.toLine());
            assertEquals("rollout", gone.trigger());
            assertNull(kernel.kind(KIND).orElseThrow().active(), "none serves meanwhile");
            kernel.install(Counters.class, "lru", new MapCounters("lru"), 20);
            assertNull(kernel.kind(KIND).orElseThrow().active(), "another that comes back first waits");
            kernel.install(Counters.class, "slab", new MapCounters("slab"), 10);
            assertEquals("slab", kernel.kind(KIND).orElseThrow().active());
        }
        assertEquals(swaps + 1, kernel.kind(KIND).orElseThrow().swaps(), "mlos kinds counts the restart as a swap");
        assertEquals(1, cluster.size(), "nothing of this node's went into the map: " + cluster.size());
        assertEquals(0, counters.size(), "restarted: empty, and none of the other node's keys");
        assertEquals("slab", counters.who());
        assertTrue(kernel.history().stream().noneMatch(r -> "cluster".equals(r.to()) || "cluster".equals(r.from())),
                "no swap into or out of the map: " + kernel.history());
    }

    /** The outsider's supervised node: its operator's swap to heap became durable again (preferred-arrived) after an update. */
    @Test
    void thePreferredImplementationComingBackDoesNotUndoTheOperatorsChoice() {
        MapCounters heap = new MapCounters("heap");
        MapCounters durable = new MapCounters("durable");
        kernel.install(Counters.class, "heap", heap, 0);
        kernel.install(Counters.class, "durable", durable, 0);
        kernel.configure(KIND, new KindPreference("durable", -1, null));
        assertEquals("durable", counters.who());
        assertEquals(SwapOutcome.COMPLETED, kernel.swap(KIND, "heap").outcome(), "the operator's choice");
        try (Kernel.InPlace inPlace = kernel.restartInPlace(List.of(KIND))) {
            kernel.uninstall(Counters.class, "durable", durable);
            MapCounters durableAgain = new MapCounters("durable");
            kernel.install(Counters.class, "durable", durableAgain, 0);
            assertEquals("heap", counters.who(), "no preferred-arrived swap while it restarts in place");
            kernel.uninstall(Counters.class, "heap", heap);
            kernel.uninstall(Counters.class, "durable", durableAgain);
            kernel.install(Counters.class, "durable", new MapCounters("durable"), 0);
            assertNull(kernel.kind(KIND).orElseThrow().active(), "the preferred one waits for the one that served");
            kernel.install(Counters.class, "heap", new MapCounters("heap"), 0);
        }
        assertEquals("heap", counters.who());
    }

    /**
     * A reviewer's: the kernel's own pick, once the restart ended without the implementation, was
     * the cluster's map, and the rollout said UPDATED. None serves it, said in the history.
     */
    @Test
    void anImplementationThatDoesNotComeBackLeavesTheKindWithoutOneSaidSo() {
        twoNodesOfACluster();
        try (Kernel.InPlace inPlace = kernel.restartInPlace(List.of(KIND))) {
            kernel.uninstall(Counters.class, "slab", slab);
        }
        assertNull(kernel.kind(KIND).orElseThrow().active(), "not the map");
        SwapReport last = kernel.history().get(kernel.history().size() - 1);
        assertEquals(SwapOutcome.FORCED, last.outcome());
        assertTrue(last.reason().contains("did not come back") && last.reason().contains("cluster"), last.reason());
        assertEquals(1, cluster.size(), "nothing moved into it");
    }

    /** A reviewer's: a kind whose API bundle restarts gets a new slot, which must wait for the one that served too. */
    @Test
    void aKindRemovedAndMadeAgainWaitsForTheImplementationThatServed() {
        twoNodesOfACluster();
        try (Kernel.InPlace inPlace = kernel.restartInPlace(List.of(KIND))) {
            kernel.removeKind(Counters.class);
            kernel.install(Counters.class, "cluster", new MapCounters("cluster"), 0);
            assertNull(kernel.kind(KIND).orElseThrow().active(), "the map, back first, waits");
            kernel.install(Counters.class, "slab", new MapCounters("slab"), 10);
            assertEquals("slab", kernel.kind(KIND).orElseThrow().active());
        }
        assertEquals("slab", kernel.handle(Counters.class).who());
    }

    /** A reviewer's: a name that could not be resolved left the kinds named before it restarting in place for good. */
    @Test
    void aNameThatCannotBeResolvedBeginsNoRestart() {
        twoNodesOfACluster();
        kernel.handle(Counters2.Counters.class);
        assertThrows(IllegalArgumentException.class, () -> kernel.restartInPlace(List.of(KIND, "Counters")),
                "two kinds are named Counters");
        SwapReport r = kernel.uninstall(Counters.class, "slab", slab);
        assertEquals(SwapOutcome.COMPLETED, r.outcome(), "no restart in place left open: " + r.toLine());
    }

    /** An outsider's: the operator's swap to the cluster's map was undone as a rollout restarted the preferred store. */
    @Test
    void thePreferredImplementationComingBackDoesNotReplaceOneTheOperatorSwappedTo() {
        twoNodesOfACluster();
        kernel.configure(KIND, new KindPreference("slab", -1, null));
        assertEquals(SwapOutcome.COMPLETED, kernel.swap(KIND, "cluster").outcome(), "the operator's choice");
        kernel.uninstall(Counters.class, "slab", slab);
        assertEquals(null, kernel.install(Counters.class, "slab", new MapCounters("slab"), 10), "no preferred-arrived swap");
        assertEquals("cluster", counters.who());
        // the kernel's own pick (a failover) is still replaced by the preferred one as it comes back
        MapCounters lru = new MapCounters("lru");
        kernel.install(Counters.class, "lru", lru, 0);
        assertEquals(SwapOutcome.COMPLETED, kernel.swap(KIND, "lru").outcome());
        kernel.uninstall(Counters.class, "lru", lru);
        assertEquals("slab", counters.who(), "the kernel's pick as lru went");
    }

    /** Callers keep calling: a call made while the implementation restarts waits for it rather than fail. */
    @Test
    void aCallMadeDuringTheRestartWaitsForTheImplementation() throws Exception {
        twoNodesOfACluster();
        Thread caller;
        long[] got = new long[1];
        try (Kernel.InPlace inPlace = kernel.restartInPlace(List.of(KIND))) {
            kernel.uninstall(Counters.class, "slab", slab);
            caller = new Thread(() -> got[0] = counters.add("late", 3));
            caller.start();
            while (caller.getState() != Thread.State.TIMED_WAITING && caller.isAlive()) {
                Thread.onSpinWait();
            }
            kernel.install(Counters.class, "slab", new MapCounters("slab"), 10);
            caller.join();
        }
        assertEquals(3, got[0], "it ran on the implementation back");
        assertEquals(3, counters.get("late"));
        assertEquals(0, cluster.get("late"));
    }

    /** Without a restart in place, the kernel swaps as it always has: the state goes to what is left. */
    @Test
    void outsideARestartInPlaceAGoingImplementationsStateMovesAsBefore() {
        twoNodesOfACluster();
        SwapReport r = kernel.uninstall(Counters.class, "slab", slab);
        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertEquals(99, cluster.get("k99"), "the node's items went into the map");
    }

    /**
     * Callers calling throughout restarts in place: every call either ran on an implementation of
     * the node (never the map) or was refused, none counted twice.
     */
    @Test
    void callersDuringRestartsInPlaceNeverReachTheMap() throws Exception {
        twoNodesOfACluster();
        int threads = 4;
        int calls = 20_000;
        AtomicLong ran = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String key = "c" + t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < calls; i++) {
                    try {
                        counters.add(key, 1);
                        ran.incrementAndGet();
                    } catch (NoImplementationException e) {
                        refused.incrementAndGet();
                    }
                }
            });
            th.start();
            callers.add(th);
        }
        start.countDown();
        MapCounters serving = slab;
        List<MapCounters> all = new ArrayList<>(List.of(slab));
        for (int round = 0; round < 20; round++) {
            try (Kernel.InPlace inPlace = kernel.restartInPlace(List.of(KIND))) {
                kernel.uninstall(Counters.class, "slab", serving);
                Thread.yield();
                serving = new MapCounters("slab");
                all.add(serving);
                kernel.install(Counters.class, "slab", serving, 10);
            }
        }
        for (Thread th : callers) {
            th.join();
        }
        assertEquals((long) threads * calls, ran.get() + refused.get(), "every call ran or was refused, once");
        long counted = 0;
        for (MapCounters m : all) {
            for (int t = 0; t < threads; t++) {
                counted += m.get("c" + t);
            }
        }
        assertEquals(ran.get(), counted, "each call that ran counted once, on the node's own implementations");
        for (int t = 0; t < threads; t++) {
            assertEquals(0, cluster.get("c" + t), "none reached the map");
        }
    }

    /** A second kind named Counters. */
    static final class Counters2 {
        @org.mlos.core.api.Kind
        interface Counters {
            String who();
        }
    }
}
