package org.mlos.cluster.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlos.cluster.auth.MessageAuth;
import org.mlos.cluster.auth.TrustedSigners;
import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.NodeTask;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;
import org.mlos.cluster.node.TaskTypes;
import org.mlos.core.api.Kernel;
import org.mlos.core.api.KindInfo;
import org.mlos.core.api.SwapReport;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * A task reaches the kernel only when it verifies: one member in this JVM, a kernel that counts
 * what it is asked, and sealed messages good, replayed, forged and misaddressed.
 */
class TaskReceiverTest {

    private static final byte[] SECRET = "the cluster's secret, 32 bytes or more".getBytes(StandardCharsets.UTF_8);
    private static final AtomicInteger CHECKS = new AtomicInteger();
    private static final AtomicInteger SWAPS = new AtomicInteger();
    private static HazelcastInstance member;
    private static LocalNode node;
    private static MessageAuth peer;

    @BeforeAll
    static void start() {
        Config c = new Config().setClusterName("task-receiver-" + UUID.randomUUID());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "jdk");
        c.getNetworkConfig().setPort(6101).setPortAutoIncrement(true).setPortCount(50);
        c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        c.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        c.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        c.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig())
                .addDataSerializableFactory(SealedTask.FACTORY_ID, SealedTask.factory());
        member = Hazelcast.newHazelcastInstance(c);
        node = new LocalNode(member, "test", new CountingKernel(), null, new MessageAuth(SECRET), TrustedSigners.from(null),
                new TaskTypes().add(Check.OP, args -> new Check(args.get(0), args.get(1)))
                        .add(Swap.OP, args -> new Swap(args.get(0), args.get(1))));
        member.getUserContext().put(LocalNode.KEY, node);
        peer = new MessageAuth(SECRET.clone());
    }

    @AfterAll
    static void stop() {
        if (member != null) {
            member.shutdown();
        }
    }

    private static byte[] sealed(MessageAuth auth, String target, NodeTask task) {
        return auth.seal(TaskReceiver.TYPE, "peer@127.0.0.1:1", TaskReceiver.payload(target, task));
    }

    @Test
    void aVerifiedTaskRunsThroughTheExecutorAndItsReplayIsRefused() throws Exception {
        byte[] sealed = sealed(peer, node.id(), new Check("Store", "heap"));
        int before = CHECKS.get();
        byte[] reply = member.getExecutorService("t").submitToMember(new SealedTask(sealed),
                member.getCluster().getLocalMember()).get(30, TimeUnit.SECONDS);
        TaskResult r = TaskReceiver.openReply(node, node.id(), sealed, reply);
        assertEquals(TaskOutcome.READY, r.outcome(), r.toString());
        TaskResult again = TaskReceiver.openReply(node, node.id(), sealed, reply);
        assertEquals(TaskOutcome.FAILED, again.outcome(), "a replayed reply is not taken twice");
        assertEquals(before + 1, CHECKS.get());
        TaskResult replay = TaskReceiver.receive(node, sealed);
        assertEquals(TaskOutcome.REFUSED, replay.outcome());
        assertTrue(replay.reason().contains("replayed"), replay.reason());
        assertEquals(before + 1, CHECKS.get(), "the replay never reached the kernel");
    }

    @Test
    void aReplyToAnotherRequestOrFromAnotherNodeIsRefused() {
        byte[] one = sealed(peer, node.id(), new Check("Store", "heap"));
        byte[] other = sealed(peer, node.id(), new Check("Store", "slab"));
        byte[] reply = TaskReceiver.answer(node, one);
        TaskResult r = TaskReceiver.openReply(node, node.id(), other, reply);
        assertEquals(TaskOutcome.FAILED, r.outcome());
        assertTrue(r.reason().contains("another request"), r.reason());
        byte[] reply2 = TaskReceiver.answer(node, other);
        assertEquals(TaskOutcome.FAILED, TaskReceiver.openReply(node, "another-node", other, reply2).outcome());
    }

    @Test
    void aTaskSealedWithAnotherSecretNeverReachesTheKernel() {
        MessageAuth stranger = new MessageAuth("not the cluster's secret, but long enough".getBytes(StandardCharsets.UTF_8));
        TaskResult r = TaskReceiver.receive(node, sealed(stranger, node.id(), new Swap("Store", "heap")));
        assertEquals(TaskOutcome.REFUSED, r.outcome());
        assertTrue(r.reason().contains("bad MAC"), r.reason());
        assertEquals(0, SWAPS.get());
    }

    @Test
    void aTaskForAnotherNodeOrOfAnUnknownKindIsRefused() {
        TaskResult elsewhere = TaskReceiver.receive(node, sealed(peer, "another-node", new Swap("Store", "heap")));
        assertEquals(TaskOutcome.REFUSED, elsewhere.outcome());
        assertTrue(elsewhere.reason().contains("addressed to node another-node"), elsewhere.reason());
        TaskResult unknown = TaskReceiver.receive(node, sealed(peer, node.id(), new NodeTask("shell", "rm -rf /") {
            @Override
            protected TaskResult run(LocalNode n) {
                throw new AssertionError("never runs");
            }
        }));
        assertEquals(TaskOutcome.REFUSED, unknown.outcome());
        assertTrue(unknown.reason().contains("no task named shell"), unknown.reason());
        assertEquals(0, SWAPS.get());
    }

    /** Asks the kernel whether it could swap: what the swap package's check does, without its package. */
    private static final class Check extends NodeTask {
        static final String OP = "check";

        Check(String kind, String impl) {
            super(OP, kind, impl);
        }

        @Override
        protected TaskResult run(LocalNode n) {
            return n.kernel().checkSwap(args().get(0), args().get(1))
                    .map(why -> new TaskResult(TaskOutcome.REFUSED, 0, why, null))
                    .orElseGet(() -> new TaskResult(TaskOutcome.READY, 0, null, null));
        }
    }

    /** Swaps on the kernel, which must never happen here. */
    private static final class Swap extends NodeTask {
        static final String OP = "swap";

        Swap(String kind, String impl) {
            super(OP, kind, impl);
        }

        @Override
        protected TaskResult run(LocalNode n) {
            n.kernel().swap(args().get(0), args().get(1));
            return new TaskResult(TaskOutcome.COMPLETED, 0, null, null);
        }
    }

    /** Counts checks and swaps; swaps are never meant to happen here. */
    private static final class CountingKernel implements Kernel {
        @Override
        public SwapReport swap(String kind, String impl) {
            SWAPS.incrementAndGet();
            throw new IllegalArgumentException("no swaps in this test");
        }

        @Override
        public Optional<String> checkSwap(String kind, String impl) {
            CHECKS.incrementAndGet();
            return Optional.empty();
        }

        @Override
        public List<KindInfo> kinds() {
            return List.of();
        }

        @Override
        public Optional<KindInfo> kind(String kind) {
            return Optional.empty();
        }

        @Override
        public List<SwapReport> history() {
            return List.of();
        }
    }
}
