package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

/**
 * Three node processes on 127.0.0.1 in a cluster of their own: a cache node, a services node
 * (memory and scheduling services, no distributed store) and a worker, shared by the tests, which
 * run in any order: each reads what the nodes run before it acts, and a test that stops or kills
 * a node starts one of its own for it. They join and publish what they run; rolling and atomic
 * swaps, one refused at prepare; a rollout reaches one profile only; a node that leaves drops out;
 * a coordinator killed during an atomic swap leaves every node on the old implementation, decided
 * by the nodes themselves; a node killed during an atomic swap leaves the others consistent and
 * the report says so. Waits are bounded polls for a condition, never fixed sleeps.
 */
@Timeout(600)
class ClusterIT {

    private static final String CLUSTER = "itest-" + UUID.randomUUID();
    private static final List<String> STORES = List.of("heap", "log", "slab");
    private static ClusterCredentials credentials;
    private static NodeProcess cache;
    private static NodeProcess services;
    private static NodeProcess worker;
    /** The issue's bound is 10 s; the margin keeps a busy machine from failing it, the test prints the time. */
    private static final long CONVERGENCE_LIMIT_MS = 20_000;

    @BeforeAll
    static void start() throws Exception {
        credentials = ClusterCredentials.create();
        cache = start("cache", "--set", "mlos.mem.store.capacity.mb=512");
        services = start("services");
        worker = start("worker");
    }

    private static NodeProcess start(String profile, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--set", "mlos.cluster.name=" + CLUSTER,
                "--set", "mlos.cluster.port=15701"));
        args.addAll(credentials.nodeArgs());
        args.addAll(List.of(more));
        NodeProcess n = NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile, args, List.of(), null);
        n.awaitReady(Duration.ofSeconds(120));
        return n;
    }

    @AfterAll
    static void stop() {
        for (NodeProcess n : new NodeProcess[] { cache, services, worker }) {
            if (n != null) {
                n.stop(Duration.ofSeconds(15));
            }
        }
    }

    /** The registry as one node sees it, by pid: each node's fields (the `--lines` reply, key=value). */
    private static Map<String, Map<String, String>> registry(NodeProcess via) throws IOException {
        Map<String, Map<String, String>> byPid = new HashMap<>();
        for (String line : via.request("cluster nodes --lines").split("\n")) {
            if (!line.startsWith("node ")) {
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (String f : line.substring(5).split(" ")) {
                int eq = f.indexOf('=');
                fields.put(f.substring(0, eq), f.substring(eq + 1));
            }
            byPid.put(fields.get("pid"), fields);
        }
        return byPid;
    }

    /** A node's fields in a registry, or an empty map if it is not listed. */
    private static Map<String, String> of(Map<String, Map<String, String>> registry, NodeProcess node) {
        return registry.getOrDefault(String.valueOf(node.pid()), Map.of());
    }

    private static boolean runs(Map<String, Map<String, String>> registry, NodeProcess node, String store) {
        return of(registry, node).getOrDefault("kinds", "").contains("KeyValueStore=" + store);
    }

    /** Waits (bounded) until the registry satisfies a condition, returning it. */
    private static Map<String, Map<String, String>> awaitRegistry(NodeProcess via,
            java.util.function.Predicate<Map<String, Map<String, String>>> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, Map<String, String>> r = registry(via);
        while (!condition.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = registry(via);
        }
        return r;
    }

    /** A store implementation none of the given nodes runs now. */
    private static String another(NodeProcess... nodes) throws IOException {
        List<String> free = new ArrayList<>(STORES);
        for (NodeProcess n : nodes) {
            free.remove(activeStore(n.request("kinds")));
        }
        return free.get(0);
    }

    @Test
    void everyNodeJoinsAndPublishesWhatItRuns() throws Exception {
        Map<String, Map<String, String>> r = awaitRegistry(worker, reg -> of(reg, cache).size() > 0
                && of(reg, services).size() > 0 && of(reg, worker).getOrDefault("kinds", "").contains("Scheduler"));
        assertEquals("cache", of(r, cache).get("profile"), "all three in the registry: " + r);
        assertEquals("services", of(r, services).get("profile"), r.toString());
        assertEquals("worker", of(r, worker).get("profile"), r.toString());
        assertTrue(of(r, cache).get("kinds").contains("org.mlos.mem.api.KeyValueStore="), of(r, cache).get("kinds"));
        assertTrue(of(r, cache).get("endpoints").startsWith("memcached=127.0.0.1:"), of(r, cache).get("endpoints"));
        assertTrue(of(r, worker).get("bundles").contains("org.mlos.cluster@"), of(r, worker).get("bundles"));
        assertTrue(!of(r, worker).get("kinds").contains("KeyValueStore"), "a worker runs no store");
        assertTrue(Long.parseLong(of(r, services).get("join_ms")) >= 0);
    }

    @Test
    void aRollingSwapChangesEveryNodeWithTheKind() throws Exception {
        String target = another(cache, services);
        String report = worker.request("cluster swap KeyValueStore " + target + " --strategy rolling");
        assertTrue(report.startsWith("COMPLETED KeyValueStore -> " + target + " strategy=rolling nodes=2"), report);
        Map<String, Map<String, String>> r = awaitRegistry(worker,
                reg -> runs(reg, cache, target) && runs(reg, services, target));
        assertTrue(runs(r, cache, target) && runs(r, services, target), r.toString());
    }

    @Test
    void anAtomicSwapOneNodeCannotMakeChangesNothing() throws Exception {
        String cacheBefore = activeStore(cache.request("kinds"));
        String servicesBefore = activeStore(services.request("kinds"));
        // The services profile has no distributed store: its prepare fails, so the cache node must not swap either.
        String report = worker.request("cluster swap KeyValueStore hazelcast --strategy atomic");
        assertTrue(report.startsWith("ROLLED_BACK"), report);
        assertTrue(report.contains("prepare failed, no node swapped"), report);
        assertTrue(report.matches("(?s).*services\\s+REFUSED.*no implementation named hazelcast.*"), report);
        assertTrue(report.matches("(?s).*cache\\s+NOT_SWAPPED.*"), report);
        assertEquals(cacheBefore, activeStore(cache.request("kinds")));
        assertEquals(servicesBefore, activeStore(services.request("kinds")));
    }

    @Test
    void anAtomicSwapAllCanMakeCompletesEverywhere() throws Exception {
        String target = another(cache, services);
        String report = cache.request("cluster swap KeyValueStore " + target + " --strategy atomic");
        assertTrue(report.startsWith("COMPLETED KeyValueStore -> " + target + " strategy=atomic nodes=2"), report);
        assertEquals(target, activeStore(cache.request("kinds")));
        assertEquals(target, activeStore(services.request("kinds")));
    }

    @Test
    void aRolloutReachesTheNodesOfOneProfileOnly() throws Exception {
        Path jar = bundle("org.mlos.itest.payload", "1.0.0", null);
        String report = cache.request("cluster rollout worker " + jar + " --signature " + credentials.sign(jar));
        assertTrue(report.startsWith("ROLLED_OUT org.mlos.itest.payload 1.0.0 to profile worker nodes=1"), report);
        Map<String, Map<String, String>> r = awaitRegistry(cache,
                reg -> of(reg, worker).getOrDefault("bundles", "").contains("org.mlos.itest.payload@1.0.0"));
        assertTrue(of(r, worker).get("bundles").contains("org.mlos.itest.payload@1.0.0"), of(r, worker).toString());
        assertTrue(!of(r, cache).get("bundles").contains("org.mlos.itest.payload"));
        assertTrue(!of(r, services).get("bundles").contains("org.mlos.itest.payload"));

        Path broken = bundle("org.mlos.itest.payload", "2.0.0", "org.mlos.does.not.exist");
        String failed = cache.request("cluster rollout worker " + broken + " --signature " + credentials.sign(broken));
        assertTrue(failed.startsWith("FAILED"), failed);
        assertTrue(failed.contains("restored the previous version"), failed);
        r = awaitRegistry(cache, reg -> of(reg, worker).getOrDefault("bundles", "").contains("org.mlos.itest.payload@1.0.0"));
        assertTrue(of(r, worker).get("bundles").contains("org.mlos.itest.payload@1.0.0"), "back on 1.0.0: " + of(r, worker));
    }

    @Test
    void aNodeThatLeavesDropsOutOfTheRegistry() throws Exception {
        NodeProcess leaving = start("worker");
        try {
            assertEquals("worker", of(awaitRegistry(cache, reg -> of(reg, leaving).size() > 0), leaving).get("profile"));
        } finally {
            leaving.stop(Duration.ofSeconds(15));
        }
        Map<String, Map<String, String>> r = awaitRegistry(cache, reg -> of(reg, leaving).isEmpty());
        assertTrue(of(r, leaving).isEmpty(), "the node is gone: " + r.keySet());
        assertTrue(of(r, worker).size() > 0, "the others stay: " + r.keySet());
    }

    @Test
    void aCoordinatorKilledDuringAnAtomicSwapLeavesEveryNodeOnTheOldImplementation() throws Exception {
        NodeProcess coordinator = start("worker");
        try {
            String servicesBefore = activeStore(services.request("kinds"));
            String cacheBefore = activeStore(cache.request("kinds")); // profiles' defaults differ: slab, heap
            String target = another(cache, services);
            fill(Integer.parseInt(of(awaitRegistry(services, reg -> of(reg, cache).getOrDefault("endpoints", "")
                    .startsWith("memcached=")), cache).get("endpoints").replaceAll(".*:", "")), 60_000);
            awaitRegistry(coordinator, reg -> of(reg, cache).size() > 0 && of(reg, services).size() > 0);
            CompletableFuture<String> swap = CompletableFuture.supplyAsync(() -> {
                try {
                    return coordinator.request("cluster swap KeyValueStore " + target + " --strategy atomic --timeout 30");
                } catch (IOException e) {
                    return "error: " + e;
                }
            });
            // Killed once the services node swapped, while the cache node still copies its items:
            // one node on the new implementation, one about to be, and nobody left to decide.
            boolean servicesSwapped = awaitSwapped(services, target, swap);
            boolean decided = swap.isDone();
            coordinator.kill();
            long killed = System.nanoTime();
            assertTrue(!decided && servicesSwapped, "killed after the services node swapped and before the coordinator"
                    + " decided: " + swap.getNow(null));
            Map<String, Map<String, String>> r = awaitRegistry(services, reg -> of(reg, coordinator).isEmpty()
                    && runs(reg, cache, cacheBefore) && runs(reg, services, servicesBefore));
            long convergedMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.println("coordinator killed mid atomic swap: registry converged " + convergedMs + " ms after the kill"
                    + " (goal 10000)");
            assertTrue(of(r, coordinator).isEmpty(), "the coordinator is gone: " + r.keySet());
            assertTrue(runs(r, cache, cacheBefore), "the cache node went back: " + r);
            assertTrue(runs(r, services, servicesBefore), "the services node went back: " + r);
            assertEquals(cacheBefore, activeStore(cache.request("kinds")));
            assertEquals(servicesBefore, activeStore(services.request("kinds")));
            assertTrue(convergedMs <= CONVERGENCE_LIMIT_MS, "converged " + convergedMs + " ms after the kill");
        } finally {
            coordinator.kill();
        }
    }

    @Test
    void aNodeKilledDuringAnAtomicSwapLeavesTheOthersConsistent() throws Exception {
        NodeProcess doomed = start("cache", "--set", "mlos.mem.store.capacity.mb=512");
        try {
            Map<String, Map<String, String>> listed = awaitRegistry(services,
                    reg -> of(reg, doomed).getOrDefault("endpoints", "").startsWith("memcached="));
            fill(Integer.parseInt(of(listed, doomed).get("endpoints").replaceAll(".*:", "")), 150_000);
            String kindsBefore = services.request("kinds");
            String before = activeStore(kindsBefore);
            String cacheBefore = activeStore(cache.request("kinds"));
            String target = another(services, doomed);
            CompletableFuture<String> swap = CompletableFuture.supplyAsync(() -> {
                try {
                    return services.request("cluster swap KeyValueStore " + target + " --strategy atomic --timeout 30");
                } catch (IOException e) {
                    return "error: " + e;
                }
            });
            // Killed while the doomed node copies its 150 MB, once the services node has swapped
            // (and so must swap back); if the swap ended first, nothing is left to test.
            assertTrue(awaitSwapped(services, target, swap) && !swap.isDone(), "the services node swapped while the"
                    + " doomed node still copies: " + swap.getNow(null));
            doomed.kill();
            String report = swap.get(90, TimeUnit.SECONDS);
            System.out.print("kill -9 during an atomic swap:\n" + report);
            assertTrue(report.startsWith("ROLLED_BACK"), report);
            assertTrue(report.matches("(?s).*cache\\s+(UNREACHABLE|TIMED_OUT).*"), "the report names the dead node: " + report);
            String kinds = services.request("kinds");
            assertEquals(before, activeStore(kinds), "the survivor is back where it was:\n" + report + kinds);
            assertEquals(cacheBefore, activeStore(cache.request("kinds")), "so is the other cache node:\n" + report);
            // Swapped and back: no more. (A node still holding an earlier, committed swap as pending
            // once undid it here.)
            assertEquals(2, storeSwaps(kinds) - storeSwaps(kindsBefore), "swaps of the survivor's store:\n" + report + kinds);
            Map<String, Map<String, String>> r = awaitRegistry(services, reg -> of(reg, doomed).isEmpty());
            assertTrue(of(r, doomed).isEmpty(), "the dead node is gone: " + r.keySet());
        } finally {
            doomed.kill();
        }
    }

    /** Polls (bounded: 60 s) until the node runs {@code store}, or the swap ended; true if it runs it. */
    private static boolean awaitSwapped(NodeProcess node, String store, CompletableFuture<String> swap) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!swap.isDone() && System.nanoTime() < deadline) {
            if (store.equals(activeStore(node.request("kinds")))) {
                return true;
            }
            Thread.sleep(5);
        }
        return store.equals(activeStore(node.request("kinds")));
    }

    /** The active implementation of KeyValueStore in a 'kinds' table. */
    private static String activeStore(String kinds) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("KeyValueStore\\s+(\\S+)\\s").matcher(kinds);
        assertTrue(m.find(), kinds);
        return m.group(1);
    }

    /** How often KeyValueStore was swapped, from a 'kinds' table. */
    private static int storeSwaps(String kinds) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("KeyValueStore\\s+.*?(\\d+)\\s*$",
                java.util.regex.Pattern.MULTILINE).matcher(kinds);
        assertTrue(m.find(), kinds);
        return Integer.parseInt(m.group(1));
    }

    /** Stores n 1 KB items over the text protocol (pipelined, noreply). */
    private static void fill(int port, int n) throws IOException {
        byte[] value = new byte[1000];
        java.util.Arrays.fill(value, (byte) 'v');
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
            for (int i = 0; i < n; i++) {
                out.write(("set fill" + i + " 0 0 1000 noreply\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(value);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(60_000);
            byte[] reply = new byte[8];
            new java.io.DataInputStream(s.getInputStream()).readFully(reply);
            assertEquals("VERSION ", new String(reply, StandardCharsets.US_ASCII), "every set was applied");
        }
    }

    /** A bundle jar with some content, optionally importing a package nobody exports. */
    static Path bundle(String bsn, String version, String missingImport) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        if (missingImport != null) {
            a.putValue("Import-Package", missingImport);
        }
        Path jar = Files.createTempFile("mlos-itest-" + version + "-", ".jar");
        jar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry("payload.txt"));
            out.write(("payload " + version).getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }
}
