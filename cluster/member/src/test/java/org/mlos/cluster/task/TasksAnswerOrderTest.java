package org.mlos.cluster.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
 * A rollout's progress could only tell a node's outcome once every node before it in the list had
 * answered: the coordinator read the answers in list order. Now each answer is read (and told) as
 * it comes. Pinned with two tasks on one member: the first waits until the second's answer has
 * been told, which in list order would never happen.
 */
@Timeout(60)
class TasksAnswerOrderTest {

    private static final byte[] SECRET = "the cluster's secret, 32 bytes or more".getBytes(StandardCharsets.UTF_8);
    private static final CountDownLatch SECOND_TOLD = new CountDownLatch(1);
    private static HazelcastInstance member;
    private static LocalNode node;

    @BeforeAll
    static void start() {
        Config c = new Config().setClusterName("tasks-order-" + UUID.randomUUID());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "jdk");
        c.getNetworkConfig().setPort(6161).setPortAutoIncrement(true).setPortCount(50);
        c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        c.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        c.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        c.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig())
                .addDataSerializableFactory(SealedTask.FACTORY_ID, SealedTask.factory());
        member = Hazelcast.newHazelcastInstance(c);
        node = new LocalNode(member, "test", new NoKernel(), null, new MessageAuth(SECRET), TrustedSigners.from(null),
                new TaskTypes().add(WaitTask.OP, args -> new WaitTask()).add(AtOnce.OP, args -> new AtOnce()));
        member.getUserContext().put(LocalNode.KEY, node);
    }

    @AfterAll
    static void stop() {
        if (member != null) {
            member.shutdown();
        }
    }

    @Test
    void answersAreToldInTheOrderTheyComeNotInTheListsOrder() {
        Tasks tasks = new Tasks(member);
        AtomicInteger made = new AtomicInteger();
        List<Integer> told = new CopyOnWriteArrayList<>();
        List<TaskResult> results = tasks.onEach(List.of(node.id(), node.id()),
                id -> made.getAndIncrement() == 0 ? new WaitTask() : new AtOnce(), Duration.ofSeconds(30), (i, r) -> {
                    told.add(i);
                    if (i == 1) {
                        SECOND_TOLD.countDown();
                    }
                });
        assertEquals(List.of(1, 0), told);
        assertEquals(TaskOutcome.COMPLETED, results.get(0).outcome(), results.get(0).toString());
        assertEquals(TaskOutcome.READY, results.get(1).outcome(), results.get(1).toString());
    }

    /** Waits until the coordinator has told the second task's answer. */
    private static final class WaitTask extends NodeTask {
        static final String OP = "wait-for-second";

        WaitTask() {
            super(OP);
        }

        @Override
        protected TaskResult run(LocalNode n) {
            try {
                if (SECOND_TOLD.await(20, TimeUnit.SECONDS)) {
                    return new TaskResult(TaskOutcome.COMPLETED, 0, null, null);
                }
                return new TaskResult(TaskOutcome.FAILED, 0, "the second task's answer was never told", null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new TaskResult(TaskOutcome.FAILED, 0, "interrupted", null);
            }
        }
    }

    private static final class AtOnce extends NodeTask {
        static final String OP = "at-once";

        AtOnce() {
            super(OP);
        }

        @Override
        protected TaskResult run(LocalNode n) {
            return new TaskResult(TaskOutcome.READY, 0, null, null);
        }
    }

    private static final class NoKernel implements Kernel {
        @Override
        public SwapReport swap(String kind, String impl) {
            throw new IllegalArgumentException("no swaps in this test");
        }

        @Override
        public Optional<String> checkSwap(String kind, String impl) {
            return Optional.of("no swaps in this test");
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
