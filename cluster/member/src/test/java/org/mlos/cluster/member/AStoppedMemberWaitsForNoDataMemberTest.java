package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * A lite member waits up to 60 s for the cluster to have a data member; the member's deactivation
 * waited for that, and the node's end waited 10 s for the framework: a node SIGTERM'd while it
 * joined could halt before its Hazelcast member had left. The wait now ends as soon as the bundle
 * stops (and the node's end waits past the member's join wait).
 */
@Timeout(60)
class AStoppedMemberWaitsForNoDataMemberTest {

    private static HazelcastInstance liteMember(int port) {
        MemberSettings s = MemberSettings.from(Map.of("mlos.cluster.port", Integer.toString(port),
                "mlos.cluster.port.count", "3")::get);
        Config c = s.toConfig(AStoppedMemberWaitsForNoDataMemberTest.class.getClassLoader());
        c.setInstanceName("data-wait-test-" + port + "-" + System.nanoTime());
        c.setProperty("hazelcast.logging.type", "none");
        c.setLiteMember(true);
        return Hazelcast.newHazelcastInstance(c);
    }

    @Test
    void theWaitForADataMemberEndsWhenTheMemberStops() throws Exception {
        int port = 16480 + (int) (Math.random() * 200);
        // The oldest lite member is not one of ours: it never promotes itself, so the cluster has no data member.
        HazelcastInstance oldest = liteMember(port);
        HazelcastInstance joining = liteMember(port);
        try {
            assertEquals(2, joining.getCluster().getMembers().size());
            AtomicBoolean stopping = new AtomicBoolean();
            AtomicInteger polls = new AtomicInteger();
            CompletableFuture<DataMembers> waited = CompletableFuture.supplyAsync(
                    () -> DataMembers.ensure(joining, Duration.ofMinutes(10), () -> {
                        polls.incrementAndGet();
                        return stopping.get();
                    }));
            while (polls.get() < 3 && !waited.isDone()) { // waiting, not promoted: the oldest lite member is not it
                Thread.sleep(10);
            }
            assertFalse(waited.isDone(), "no data member yet: it still waits");
            stopping.set(true);
            assertNull(waited.get(30, TimeUnit.SECONDS), "a stopping member gives up the wait, and holds no data member");
            assertTrue(joining.getCluster().getLocalMember().isLiteMember(),
                    "and did not promote itself");
        } finally {
            joining.shutdown();
            oldest.shutdown();
        }
    }
}
