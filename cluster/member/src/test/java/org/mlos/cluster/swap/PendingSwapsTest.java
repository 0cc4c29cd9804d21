package org.mlos.cluster.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.cluster.auth.MessageAuth;
import org.mlos.cluster.auth.TrustedSigners;
import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskTypes;
import org.mlos.cluster.testing.LoopbackMembers;
import org.mlos.cluster.testing.OneStoreKernel;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * A node's pending atomic swaps on two members in this JVM, one the coordinator: the node goes
 * back when the coordinator leaves or does not decide, keeps the swap once it is committed, and
 * takes a decision only if it is sealed with the cluster's secret.
 */
@Timeout(120)
class PendingSwapsTest {

    private static final byte[] SECRET = "the cluster's secret, 32 bytes or more".getBytes(StandardCharsets.UTF_8);
    private static String name;
    private static HazelcastInstance member;
    private static LocalNode node;
    private static FakeKernel kernel;

    @BeforeAll
    static void start() {
        name = "pending-swaps-" + UUID.randomUUID();
        member = Hazelcast.newHazelcastInstance(config(name));
        kernel = new FakeKernel();
        node = new LocalNode(member, "test", kernel, null, new MessageAuth(SECRET), TrustedSigners.from(null),
                ClusterSwaps.register(new TaskTypes()));
        node.attach(PendingSwaps.class, new PendingSwaps(node));
    }

    static Config config(String cluster) {
        return LoopbackMembers.config(cluster, 6201);
    }

    @AfterAll
    static void stop() {
        node.part(PendingSwaps.class).close();
        member.shutdown();
    }

    /** This node swapped Store from heap to slab for swap {@code id}, coordinated by {@code coordinator}. */
    private static void swapped(String id, String coordinator, Duration wait) {
        kernel.active = "slab";
        node.part(PendingSwaps.class).add(id, "Store", "heap", "slab", coordinator, wait);
    }

    private static void awaitActive(String impl) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!impl.equals(kernel.active) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(impl, kernel.active);
    }

    @Test
    void whenTheCoordinatorLeavesTheNodeGoesBackByItself() throws Exception {
        HazelcastInstance coordinator = Hazelcast.newHazelcastInstance(config(name));
        swapped(UUID.randomUUID().toString(), coordinator.getCluster().getLocalMember().getUuid().toString(),
                Duration.ofMinutes(5));
        Thread.sleep(300);
        assertEquals("slab", kernel.active, "pending while the coordinator is there");
        coordinator.getLifecycleService().terminate(); // no goodbye, as kill -9
        awaitActive("heap");
    }

    @Test
    void aCoordinatorThatLeavesWhileTheNodeStillCopiesStopsItsSwapBeforeTheSwitch() throws Exception {
        kernel.active = "heap";
        HazelcastInstance coordinator = Hazelcast.newHazelcastInstance(config(name));
        try {
            String id = UUID.randomUUID().toString();
            new AtomicSwapTask("Store", "slab", id, coordinator.getCluster().getLocalMember().getUuid().toString(), 300)
                    .run(node);
            java.util.function.Supplier<String> stop = kernel.lastStop;
            assertTrue(stop != null, "the atomic swap hands the kernel a stop");
            assertEquals(null, stop.get(), "goes on while the coordinator is there");
            coordinator.getLifecycleService().terminate(); // no goodbye, as kill -9
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (stop.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("its coordinator left the cluster", stop.get());
            awaitActive("heap"); // this fake kernel swapped at once: it goes back instead
        } finally {
            coordinator.getLifecycleService().terminate();
        }
    }

    @Test
    void aNodeStillCopyingWhenItsCoordinatorGivesUpOnItStops() throws Exception {
        kernel.active = "heap";
        String id = "slow-" + UUID.randomUUID();
        // The node waits the coordinator's timeout (1 s here) plus the grace for a decision; the
        // coordinator gives up on a node that has not answered in its timeout: so does the copy.
        new AtomicSwapTask("Store", "slab", id, member.getCluster().getLocalMember().getUuid().toString(),
                ClusterSwaps.DECISION_GRACE_SECONDS + 1).run(node);
        java.util.function.Supplier<String> stop = kernel.lastStop;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stop.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("no decision in 1 s", stop.get());
        node.part(PendingSwaps.class).resolve(id, "test");
        assertEquals("heap", kernel.active);
    }

    /**
     * Found by an outsider: a node copying its part of an atomic swap when another node of the swap
     * died went on copying its whole store, switched, and was then undone, copying it all back. The
     * coordinator aborts at the first failure, and a node still copying stops at the abort.
     */
    @Test
    void aSwapStillCopyingStopsOnceTheSwapIsAborted() throws Exception {
        String id = "aborted-" + UUID.randomUUID();
        java.util.function.Supplier<String> stop = node.part(PendingSwaps.class)
                .stopUnlessDecidable(member.getCluster().getLocalMember().getUuid().toString(), Duration.ofSeconds(60), id);
        assertEquals(null, stop.get(), "undecided: it goes on");
        PendingSwaps.decide(node, id, PendingSwaps.ABORT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stop.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("aborted: another node of the swap failed", stop.get());
    }

    @Test
    void aSwapThatCopiesLongerThanItsWaitStopsBeforeTheSwitch() throws Exception {
        java.util.function.Supplier<String> stop = node.part(PendingSwaps.class)
                .stopUnlessDecidable(member.getCluster().getLocalMember().getUuid().toString(), Duration.ofSeconds(1),
                        "undecided-" + UUID.randomUUID());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stop.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("no decision in 1 s", stop.get());
    }

    @Test
    void aSwapNotDecidedInTimeGoesBackAndACommittedOneStays() throws Exception {
        String coordinator = member.getCluster().getLocalMember().getUuid().toString();
        swapped("undecided-" + UUID.randomUUID(), coordinator, Duration.ofMillis(300));
        awaitActive("heap");
        String committed = "committed-" + UUID.randomUUID();
        swapped(committed, coordinator, Duration.ofMillis(300));
        assertEquals(PendingSwaps.COMMIT, PendingSwaps.decideOrRead(node, committed, PendingSwaps.COMMIT));
        Thread.sleep(1000);
        assertEquals("slab", kernel.active, "a committed swap stays");
        assertEquals(TaskOutcome.UNCHANGED, node.part(PendingSwaps.class).resolve(committed, "test").outcome());
    }

    @Test
    void aDecisionAStrangerWroteIsNotTaken() throws Exception {
        String id = "forged-" + UUID.randomUUID();
        MessageAuth stranger = new MessageAuth("not the cluster's secret, but long enough".getBytes(StandardCharsets.UTF_8));
        PendingSwaps.decisions(node).put(id, stranger.seal(PendingSwaps.DECISION, "x@127.0.0.1:1",
                new org.mlos.cluster.wire.Wire.Writer().string(id).string(PendingSwaps.COMMIT).bytes()));
        swapped(id, member.getCluster().getLocalMember().getUuid().toString(), Duration.ofMinutes(5));
        assertEquals(TaskOutcome.COMPLETED, node.part(PendingSwaps.class).resolve(id, "test").outcome(), "a forged commit counts as abort");
        assertEquals("heap", kernel.active);
    }

    /** Swaps switch at once, and the stop the kernel was given is kept for the test to ask. */
    private static final class FakeKernel extends OneStoreKernel {
        volatile java.util.function.Supplier<String> lastStop;

        @Override
        public SwapReport swap(String kind, String impl, String trigger, java.util.function.Supplier<String> stop) {
            lastStop = stop;
            return swap(kind, impl);
        }

        @Override
        public synchronized SwapReport swap(String kind, String impl) {
            String from = active;
            active = impl;
            return SwapReport.builder(kind).from(from).to(impl).trigger("test").format("none").mode("held")
                    .outcome(SwapOutcome.COMPLETED, null, null).build();
        }
    }
}
