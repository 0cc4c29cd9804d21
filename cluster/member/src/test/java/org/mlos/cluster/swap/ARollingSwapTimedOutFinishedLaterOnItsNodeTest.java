package org.mlos.cluster.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.cluster.api.ClusterSwapReport;
import org.mlos.cluster.api.ClusterSwapRequest;
import org.mlos.cluster.auth.MessageAuth;
import org.mlos.cluster.auth.TrustedSigners;
import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.TaskTypes;
import org.mlos.cluster.progress.Operations;
import org.mlos.cluster.registry.NodeRegistry;
import org.mlos.cluster.task.SealedTask;
import org.mlos.cluster.testing.LoopbackMembers;
import org.mlos.cluster.testing.OneStoreKernel;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapProgress;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;
import org.osgi.framework.BundleContext;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * A rolling swap of 2 × 200,000 items timed out at 60 s (--timeout's default) on a busy machine,
 * and finished 20 s later on that node: the cluster ran two stores, the coordinator had said the
 * node failed, and only the node's history told otherwise. Now a node is waited for while its swap
 * moves, and one whose swap stopped moving is told to stop and roll back. The fake kernel's swap
 * moves one step each time its progress is read, so the test is bound by looks, not by how fast
 * this machine copies.
 */
@Timeout(120)
class ARollingSwapTimedOutFinishedLaterOnItsNodeTest {

    private static final byte[] SECRET = "the cluster's secret, 32 bytes or more".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static HazelcastInstance member;
    private static LocalNode node;
    private static StepKernel kernel;
    private static ClusterSwaps swaps;

    @BeforeAll
    static void start() {
        com.hazelcast.config.Config c = LoopbackMembers.config("rolling-timeout-" + UUID.randomUUID(), 6251);
        c.getSerializationConfig().addDataSerializableFactory(SealedTask.FACTORY_ID, SealedTask.factory());
        member = Hazelcast.newHazelcastInstance(c);
        kernel = new StepKernel();
        node = new LocalNode(member, "test", kernel, noBundles(), new MessageAuth(SECRET), TrustedSigners.from(null),
                ClusterSwaps.register(new TaskTypes()));
        node.attach(PendingSwaps.class, new PendingSwaps(node));
        member.getUserContext().put(LocalNode.KEY, node);
        NodeRegistry registry = new NodeRegistry(member, node, System.currentTimeMillis(), 0);
        registry.publish();
        swaps = new ClusterSwaps(member, registry, new Operations());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.part(PendingSwaps.class).close();
        }
        if (member != null) {
            member.shutdown();
        }
    }

    @BeforeEach
    void heap() {
        kernel.reset();
    }

    @Test
    void aSwapLongerThanItsTimeoutThatKeepsMovingCompletes() {
        kernel.stepsToFinish = 3; // three looks at its progress, each a timeout apart: 3× the timeout
        ClusterSwapReport r = swaps.swap(new ClusterSwapRequest("Store", "slab", null, ClusterSwapRequest.Strategy.ROLLING, TIMEOUT));
        assertEquals(ClusterSwapReport.Outcome.COMPLETED, r.outcome(), r.toString());
        assertEquals("slab", kernel.active);
        assertTrue(kernel.looks >= 3, "its progress was looked at " + kernel.looks + " times");
    }

    @Test
    void aSwapThatStoppedMovingIsTimedOutAndToldToRollBack() throws InterruptedException {
        kernel.stepsToFinish = Integer.MAX_VALUE;
        kernel.frozenAfter = 1; // moves once, then never again
        ClusterSwapReport r = swaps.swap(new ClusterSwapRequest("Store", "slab", null, ClusterSwapRequest.Strategy.ROLLING, TIMEOUT));
        assertEquals(ClusterSwapReport.Outcome.PARTIAL, r.outcome(), r.toString());
        ClusterSwapReport.NodeResult n = r.nodes().get(0);
        assertEquals("TIMED_OUT", n.outcome(), r.toString());
        assertTrue(n.reason().startsWith("no progress in 1 s (last seen: swap Store heap -> slab: pre-copy pass 1, 1/100 entries)"),
                n.reason());
        assertTrue(n.reason().contains("told to stop its swap and roll back"), n.reason());
        String why = kernel.awaitStopped();
        assertNotNull(why, "the node's swap was never told to stop");
        assertTrue(why.contains("its coordinator gave up waiting"), why);
        assertEquals("heap", kernel.active, "the node that was timed out switched anyway");
    }

    private static BundleContext noBundles() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundles" -> new org.osgi.framework.Bundle[0];
                    default -> null;
                });
    }

    /**
     * One kind, Store, whose swap to slab takes one step each time its progress is read, finishing
     * after {@code stepsToFinish}; frozen after {@code frozenAfter} steps, it waits for its stop.
     */
    private static final class StepKernel extends OneStoreKernel {
        volatile int stepsToFinish;
        volatile int frozenAfter;
        volatile int looks;
        volatile long done;
        volatile boolean swapping;
        volatile String stoppedWhy;

        void reset() {
            active = "heap";
            frozenAfter = Integer.MAX_VALUE;
            looks = 0;
            done = 0;
            stoppedWhy = null;
        }

        @Override
        public SwapReport swap(String kind, String impl) {
            return swap(kind, impl, "test", null);
        }

        @Override
        public SwapReport swap(String kind, String impl, String trigger, Supplier<String> stop) {
            String from = active;
            swapping = true;
            try {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (done < stepsToFinish && System.nanoTime() < until) {
                    String why = stop == null ? null : stop.get();
                    if (why != null) {
                        stoppedWhy = why;
                        return report(kind, from, impl, SwapOutcome.ROLLED_BACK, SwapStep.COPY, "stopped by its requester: " + why);
                    }
                    Thread.sleep(20);
                }
                active = impl;
                return report(kind, from, impl, SwapOutcome.COMPLETED, null, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stoppedWhy = "interrupted";
                return report(kind, from, impl, SwapOutcome.ROLLED_BACK, SwapStep.COPY, "interrupted");
            } finally {
                swapping = false;
            }
        }

        private static SwapReport report(String kind, String from, String to, SwapOutcome o, SwapStep step, String why) {
            return SwapReport.builder(kind).from(from).to(to).trigger("test").format("none").mode("live")
                    .outcome(o, step, why).build();
        }

        @Override
        public synchronized List<SwapProgress> swapsInFlight() {
            if (!swapping) {
                return List.of();
            }
            looks++;
            if (done < frozenAfter) {
                done++;
            }
            return List.of(new SwapProgress("Store", active, "slab", "request", "live", SwapProgress.Phase.PRE_COPY, 1, done, 100,
                    "entries", System.currentTimeMillis(), 10L * looks));
        }

        String awaitStopped() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (stoppedWhy == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return stoppedWhy;
        }
    }
}
