package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

/**
 * Node processes in a cluster of their own: two cache nodes serving from the distributed store
 * (the data members) and a worker (a lite member). A data node killed under write load loses no
 * acknowledged write, round after round; a node paused 30 s is dropped, and listed again, on what
 * it runs, soon after it resumes.
 */
@Timeout(900)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterResilienceIT {

    private static final String CLUSTER = "itest-resilience-" + UUID.randomUUID();
    private static final int ROUNDS = 3;
    private static final int WRITES_BEFORE_KILL = 2_000;
    private static final int WRITES_AFTER_KILL = 2_000;
    /** The bound is 10 s; the margin keeps a busy machine from failing it, the test prints the time. */
    private static final long REJOIN_LIMIT_MS = 20_000;

    private static ClusterCredentials credentials;
    private static NodeProcess survivor;
    private static int survivorPort;
    private static NodeProcess victim;
    private static NodeProcess worker;

    @BeforeAll
    static void start() throws Exception {
        credentials = ClusterCredentials.create();
        survivor = start("cache", "--set", "mlos.kind.KeyValueStore=hazelcast");
        survivorPort = survivor.awaitReady(Duration.ofSeconds(120)).port("memcached");
        worker = start("worker");
        worker.awaitReady(Duration.ofSeconds(120));
    }

    private static NodeProcess start(String profile, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--set", "mlos.cluster.name=" + CLUSTER,
                "--set", "mlos.cluster.port=18701"));
        args.addAll(credentials.nodeArgs());
        args.addAll(List.of(more));
        return NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile, args, List.of(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            Signals.send("CONT", worker.pid()); // a stopped process would not hear SIGTERM
        }
        for (NodeProcess n : new NodeProcess[] { victim, worker, survivor }) {
            if (n != null) {
                n.stop(Duration.ofSeconds(15));
            }
        }
    }

    @Test
    @Order(1)
    void aDataNodeKilledUnderWriteLoadLosesNoAcknowledgedWrite() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            victim = start("cache", "--set", "mlos.kind.KeyValueStore=hazelcast");
            victim.awaitReady(Duration.ofSeconds(120));
            String safe = awaitSafe(2);
            assertTrue(safe.contains("safe=true data_members=2 lite_members=1"),
                    "the worker holds no data, every partition has its backup: " + safe);
            MemcachedWriter writer = new MemcachedWriter(survivorPort, "r" + round + "-");
            Thread t = new Thread(writer, "itest-writer");
            t.start();
            writer.awaitAcked(WRITES_BEFORE_KILL, Duration.ofSeconds(120));
            victim.kill();
            int atKill = writer.acked().size();
            writer.awaitAcked(atKill + WRITES_AFTER_KILL, Duration.ofSeconds(120));
            writer.stop();
            t.join(TimeUnit.SECONDS.toMillis(60));
            List<String> acked = writer.acked();
            List<String> lost = MemcachedWriter.missing(survivorPort, acked);
            System.out.println("kill -9 of a data node under write load, round " + round + ": acked=" + acked.size()
                    + " (at the kill " + atKill + ") refused=" + writer.refused() + " lost=" + lost.size());
            assertEquals(List.of(), lost.subList(0, Math.min(10, lost.size())),
                    lost.size() + " acknowledged writes lost of " + acked.size());
            assertTrue(writer.error() == null, "the writer's connection failed: " + writer.error());
        }
    }

    @Test
    @Order(2)
    void aNodePausedThirtySecondsIsListedAgainSoonAfterItResumes() throws Exception {
        Map<String, Map<String, String>> before = awaitRegistry(reg -> reg.containsKey("worker"), Duration.ofSeconds(60));
        assertTrue(before.containsKey("worker"), "the worker is listed: " + before.keySet());
        String scheduler = active(worker.request("kinds"), "Scheduler");
        Signals.send("STOP", worker.pid());
        long stopped = System.nanoTime();
        Map<String, Map<String, String>> during = awaitRegistry(reg -> !reg.containsKey("worker"), Duration.ofSeconds(28));
        long droppedMs = (System.nanoTime() - stopped) / 1_000_000;
        Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(30) - (System.nanoTime() - stopped) / 1_000_000));
        Signals.send("CONT", worker.pid());
        long resumed = System.nanoTime();
        Map<String, Map<String, String>> after = awaitRegistry(reg -> reg.containsKey("worker"), Duration.ofSeconds(120));
        long rejoinMs = (System.nanoTime() - resumed) / 1_000_000;
        System.out.println("SIGSTOP 30 s: dropped after " + droppedMs + " ms; listed again " + rejoinMs
                + " ms after SIGCONT (goal 10000)");
        assertTrue(!during.containsKey("worker"), "a node silent 30 s is dropped: " + during.keySet());
        assertTrue(after.containsKey("worker"), "listed again after it resumed: " + after.keySet());
        Map<String, String> w = after.get("worker");
        assertEquals(String.valueOf(worker.pid()), w.get("pid"));
        assertTrue(!w.get("id").equals(before.get("worker").get("id")), "it merged back as a new member");
        assertTrue(w.get("kinds").contains("Scheduler=" + scheduler), "listed on what it runs (" + scheduler + "): " + w);
        assertTrue(rejoinMs <= REJOIN_LIMIT_MS, "listed again " + rejoinMs + " ms after it resumed");
        assertTrue(awaitSafe(1).contains("data_members=1 lite_members=1"), "it came back as the lite member it was");
    }

    /** The active implementation of a kind in a node's {@code kinds} listing. */
    private static String active(String kinds, String simpleName) {
        for (String line : kinds.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 1 && (f[0].equals(simpleName) || f[0].endsWith("." + simpleName))) {
                return f[1];
            }
        }
        throw new AssertionError("no kind " + simpleName + " in:\n" + kinds);
    }

    /** Waits (bounded) until the survivor says every partition has its backups and {@code data} members hold data. */
    private static String awaitSafe(int data) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String s = survivor.request("cluster safe");
        while (!(s.contains("safe=true") && s.contains("data_members=" + data + " ")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            s = survivor.request("cluster safe");
        }
        return s;
    }

    /** The registry as the survivor sees it, by profile (the survivor is the only cache node listed then). */
    private static Map<String, Map<String, String>> registry() throws IOException {
        Map<String, Map<String, String>> byProfile = new HashMap<>();
        for (String line : survivor.request("cluster nodes --lines").split("\n")) {
            if (!line.startsWith("node ")) {
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (String f : line.substring(5).split(" ")) {
                int eq = f.indexOf('=');
                fields.put(f.substring(0, eq), f.substring(eq + 1));
            }
            byProfile.put(fields.get("profile"), fields);
        }
        return byProfile;
    }

    private static Map<String, Map<String, String>> awaitRegistry(Predicate<Map<String, Map<String, String>>> condition,
            Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, Map<String, String>> r = registry();
        while (!condition.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = registry();
        }
        return r;
    }
}
