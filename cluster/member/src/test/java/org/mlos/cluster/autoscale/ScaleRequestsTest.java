package org.mlos.cluster.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.cluster.auth.MessageAuth;
import org.mlos.cluster.auth.TrustedSigners;
import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.TaskTypes;
import org.mlos.cluster.testing.LoopbackMembers;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * Scale requests and outcomes between real Hazelcast members in this JVM: what one member's
 * autoscaler asks another reads; a request or an outcome sealed without the cluster's secret
 * (a process that reached the port and knows the cluster's name) is ignored; and only one
 * autoscaler leads at a time, another taking over when the leader's member leaves.
 */
@Timeout(120)
class ScaleRequestsTest {

    private static final byte[] SECRET = "the cluster's secret, 32 bytes or more".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "not the cluster's secret, 32 bytes or more".getBytes(StandardCharsets.UTF_8);
    private static String name;
    private static HazelcastInstance a;
    private static HazelcastInstance b;
    private static LocalNode nodeA;
    private static LocalNode nodeB;

    @BeforeAll
    static void start() {
        name = "scale-requests-" + UUID.randomUUID();
        a = Hazelcast.newHazelcastInstance(config(name));
        b = Hazelcast.newHazelcastInstance(config(name));
        nodeA = node(a, SECRET);
        nodeB = node(b, SECRET);
    }

    private static LocalNode node(HazelcastInstance h, byte[] secret) {
        return new LocalNode(h, "cache", null, null, new MessageAuth(secret), TrustedSigners.from(null), new TaskTypes());
    }

    static Config config(String cluster) {
        return LoopbackMembers.config(cluster, 6301);
    }

    @AfterAll
    static void stop() {
        b.shutdown();
        a.shutdown();
    }

    @Test
    void aRequestOneMemberAsksTheOtherReadsAndItsOutcomeComesBack() {
        ScaleRequests asker = new ScaleRequests(nodeA);
        ScaleRequests executor = new ScaleRequests(nodeB);
        ScaleRequest r = new ScaleRequest(UUID.randomUUID().toString(), "cache", 1, "decision profile=cache change=+1",
                nodeA.id(), System.currentTimeMillis());
        asker.submit(r);
        assertTrue(executor.pending().contains(r), executor.pending().toString());
        assertTrue(executor.report(new ScaleOutcome(r.id(), "cache", ScaleOutcome.DONE, 1, 2, 5, 900, "", 1)));
        assertFalse(asker.pending().contains(r), "done with once it has an outcome");
        List<ScaleOutcome> outcomes = asker.outcomes();
        assertTrue(outcomes.stream().anyMatch(o -> o.id().equals(r.id()) && o.after() == 2), outcomes.toString());
        asker.taken(r.id());
        assertTrue(asker.outcomes().stream().noneMatch(o -> o.id().equals(r.id())));
    }

    @Test
    void entriesNotSealedWithTheClusterSecretAreIgnored() {
        LocalNode intruder = node(b, OTHER); // reached the port, knows the name, not the secret
        ScaleRequests forger = new ScaleRequests(intruder);
        ScaleRequest forged = new ScaleRequest(UUID.randomUUID().toString(), "cache", 5, "give me nodes", "x", 1);
        forger.submit(forged);
        ScaleRequests honest = new ScaleRequests(nodeA);
        assertTrue(honest.pending().stream().noneMatch(r -> r.id().equals(forged.id())), "a forged request is not pending");
        // nor raw bytes put straight into the map
        IMap<String, byte[]> raw = a.getMap(ScaleRequests.REQUESTS);
        raw.put("raw", forged.encode());
        assertTrue(honest.pending().stream().noneMatch(r -> r.id().equals(forged.id()) || r.id().equals("raw")));
        // a real request, then a forged outcome for it: no outcome is seen (removing entries, anyone who
        // reaches the port can: Hazelcast open source has no access control; see the threat model)
        ScaleRequest real = new ScaleRequest(UUID.randomUUID().toString(), "cache", -1, "decision", nodeA.id(),
                System.currentTimeMillis());
        honest.submit(real);
        forger.report(new ScaleOutcome(real.id(), "cache", ScaleOutcome.DONE, 2, 1, 0, 1, "", 1));
        assertTrue(honest.outcomes().stream().noneMatch(o -> o.id().equals(real.id())), "a forged outcome is ignored");
        raw.remove("raw");
        honest.withdraw(real.id());
        a.getMap(ScaleRequests.OUTCOMES).remove(real.id());
    }

    /**
     * A forged entry stays in the map until it expires (an hour, or never if the stranger set no
     * expiry), and every check of the autoscaler met it again: a warning a check, forever.
     */
    @Test
    void aForgedEntryMetAtEveryCheckWasAWarningACheck() {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(ScaleRequests.class.getName());
        java.util.logging.Handler catcher = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                told.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(catcher);
        IMap<String, byte[]> raw = a.getMap(ScaleRequests.REQUESTS);
        try {
            raw.put("forged-at-every-check", "not sealed".getBytes(StandardCharsets.UTF_8));
            ScaleRequests honest = new ScaleRequests(nodeA);
            long began = System.nanoTime();
            for (int check = 0; check < 200; check++) {
                assertTrue(honest.pending().stream().noneMatch(r -> r.id().equals("forged-at-every-check")));
            }
            // a line a 10 s period: one, unless a busy machine took longer than a period for the checks
            long periods = 1 + (System.nanoTime() - began) / java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            long lines = told.stream().filter(l -> l.startsWith("refused scale request forged-at-every-check")).count();
            assertTrue(lines >= 1 && lines <= periods, lines + " lines in " + periods + " period(s), 200 checks: " + told);
        } finally {
            logger.removeHandler(catcher);
            raw.remove("forged-at-every-check");
        }
    }

    @Test
    void oneAutoscalerLeadsAndAnotherTakesOverWhenItsMemberLeaves() throws Exception {
        HazelcastInstance c = Hazelcast.newHazelcastInstance(config(name));
        ExecutorService onA = Executors.newSingleThreadExecutor();
        ExecutorService onC = Executors.newSingleThreadExecutor();
        try {
            // each autoscaler tries from its own one thread, as the component does
            boolean cLeads = onC.submit(() -> c.<String, String>getMap(Autoscaler.LEADER_MAP).tryLock(Autoscaler.LEADER_KEY))
                    .get(30, TimeUnit.SECONDS);
            assertTrue(cLeads);
            for (int i = 0; i < 20; i++) {
                assertFalse(onA.submit(() -> a.<String, String>getMap(Autoscaler.LEADER_MAP).tryLock(Autoscaler.LEADER_KEY))
                        .get(30, TimeUnit.SECONDS), "only one leads");
            }
            c.shutdown(); // the leader's node leaves: its lock goes with it
            boolean aLeads = false;
            for (int i = 0; i < 300 && !aLeads; i++) {
                aLeads = onA.submit(() -> a.<String, String>getMap(Autoscaler.LEADER_MAP).tryLock(Autoscaler.LEADER_KEY))
                        .get(30, TimeUnit.SECONDS);
                if (!aLeads) {
                    Thread.sleep(100);
                }
            }
            assertTrue(aLeads, "another autoscaler took over");
            assertFalse(onC.isShutdown());
            assertEquals(Boolean.TRUE, onA.submit(() -> {
                a.<String, String>getMap(Autoscaler.LEADER_MAP).unlock(Autoscaler.LEADER_KEY);
                return true;
            }).get(30, TimeUnit.SECONDS));
        } finally {
            onA.shutdownNow();
            onC.shutdownNow();
            if (c.getLifecycleService().isRunning()) {
                c.shutdown();
            }
        }
    }
    /**
     * Found by review: a value of another type in a shared map (anyone who knows the cluster name
     * can write one) failed a cast in the loop over its entries, and with it every reader of the map:
     * the registry's (mlos nodes, swaps, rollouts, scaling), the load board's, these. Now passed over.
     */
    @Test
    void anEntryOfAnotherTypeIsPassedOverNotCastAndFailed() {
        ScaleRequests asker = new ScaleRequests(nodeA);
        ScaleRequest r = new ScaleRequest(UUID.randomUUID().toString(), "cache", 1, "decision profile=cache change=+1",
                nodeA.id(), System.currentTimeMillis());
        asker.submit(r);
        IMap<Object, Object> raw = b.getMap(ScaleRequests.REQUESTS);
        raw.set("a-string", "not sealed bytes");
        raw.set(42, new byte[] { 1, 2, 3 });
        raw.set("unreadable", new Unreadable()); // what the members' filter refuses reads the same way
        try {
            assertTrue(new ScaleRequests(nodeB).pending().contains(r), "the sealed request is still read");
            IMap<String, byte[]> typed = a.getMap(ScaleRequests.REQUESTS);
            assertEquals(List.of(r.id()), org.mlos.cluster.auth.SealedEntries.of(typed).stream()
                    .map(java.util.Map.Entry::getKey).toList());
            assertFalse(org.mlos.cluster.auth.SealedEntries.of(typed).stream().anyMatch(e -> e.getKey().equals("a-string")));
        } finally {
            raw.delete("a-string");
            raw.delete("unreadable");
            raw.delete(42);
            raw.delete(r.id());
        }
    }

    /** A value that does not deserialize: its reading fails, as a class the members' filter refuses does. */
    static final class Unreadable implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException {
            throw new java.io.InvalidObjectException("not readable");
        }
    }
}
