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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

/**
 * Three node processes on 127.0.0.1 in a cluster of their own: a cache node, a services node
 * (memory and scheduling services, no distributed store) and a worker. In order: they join and
 * publish what they run; rolling and atomic swaps, one refused at prepare; a rollout reaches one
 * profile only; a node that leaves drops out; a coordinator killed during an atomic swap leaves
 * every node on the old implementation, decided by the nodes themselves; a node killed during an
 * atomic swap leaves the others consistent and the report says so.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String CLUSTER = "itest-" + UUID.randomUUID();
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

    /** The registry as one node sees it, by profile. */
    private static Map<String, Map<String, String>> registry(NodeProcess via) throws IOException {
        Map<String, Map<String, String>> byProfile = new HashMap<>();
        for (String line : via.request("cluster nodes --lines").split("\n")) {
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

    @Test
    @Order(1)
    void everyNodeJoinsAndPublishesWhatItRuns() throws Exception {
        Map<String, Map<String, String>> r = awaitRegistry(worker,
                reg -> reg.size() == 3 && reg.get("worker").get("kinds").contains("Scheduler"));
        assertEquals(3, r.size(), "all three in the registry: " + r);
        assertEquals(String.valueOf(cache.pid()), r.get("cache").get("pid"));
        assertTrue(r.get("cache").get("kinds").contains("org.mlos.mem.api.KeyValueStore=slab"), r.get("cache").get("kinds"));
        assertTrue(r.get("cache").get("endpoints").startsWith("memcached=127.0.0.1:"), r.get("cache").get("endpoints"));
        assertTrue(r.get("worker").get("bundles").contains("org.mlos.cluster@"), r.get("worker").get("bundles"));
        assertTrue(!r.get("worker").get("kinds").contains("KeyValueStore"), "a worker runs no store");
        assertTrue(Long.parseLong(r.get("services").get("join_ms")) >= 0);
    }

    @Test
    @Order(2)
    void aRollingSwapChangesEveryNodeWithTheKind() throws Exception {
        String report = worker.request("cluster swap KeyValueStore heap --strategy rolling");
        assertTrue(report.startsWith("COMPLETED KeyValueStore -> heap strategy=rolling nodes=2"), report);
        Map<String, Map<String, String>> r = awaitRegistry(worker,
                reg -> reg.get("cache").get("kinds").contains("KeyValueStore=heap")
                        && reg.get("services").get("kinds").contains("KeyValueStore=heap"));
        assertTrue(r.get("cache").get("kinds").contains("KeyValueStore=heap"), r.toString());
        assertTrue(r.get("services").get("kinds").contains("KeyValueStore=heap"), r.toString());
    }

    @Test
    @Order(3)
    void anAtomicSwapOneNodeCannotMakeChangesNothing() throws Exception {
        // The services profile has no distributed store: its prepare fails, so the cache node must not swap either.
        String report = worker.request("cluster swap KeyValueStore hazelcast --strategy atomic");
        assertTrue(report.startsWith("ROLLED_BACK"), report);
        assertTrue(report.contains("prepare failed, no node swapped"), report);
        assertTrue(report.matches("(?s).*services\\s+REFUSED.*no implementation named hazelcast.*"), report);
        assertTrue(report.matches("(?s).*cache\\s+NOT_SWAPPED.*"), report);
        assertTrue(cache.request("kinds").matches("(?s).*KeyValueStore\\s+heap\\s.*"), cache.request("kinds"));
        assertTrue(services.request("kinds").matches("(?s).*KeyValueStore\\s+heap\\s.*"), services.request("kinds"));
    }

    @Test
    @Order(4)
    void anAtomicSwapAllCanMakeCompletesEverywhere() throws Exception {
        String report = cache.request("cluster swap KeyValueStore log --strategy atomic");
        assertTrue(report.startsWith("COMPLETED KeyValueStore -> log strategy=atomic nodes=2"), report);
        assertTrue(cache.request("kinds").matches("(?s).*KeyValueStore\\s+log\\s.*"));
        assertTrue(services.request("kinds").matches("(?s).*KeyValueStore\\s+log\\s.*"));
    }

    @Test
    @Order(5)
    void aRolloutReachesTheNodesOfOneProfileOnly() throws Exception {
        Path jar = bundle("org.mlos.itest.payload", "1.0.0", null);
        String report = cache.request("cluster rollout worker " + jar + " --signature " + credentials.sign(jar));
        assertTrue(report.startsWith("ROLLED_OUT org.mlos.itest.payload 1.0.0 to profile worker nodes=1"), report);
        Map<String, Map<String, String>> r = awaitRegistry(cache,
                reg -> reg.get("worker").get("bundles").contains("org.mlos.itest.payload@1.0.0"));
        assertTrue(r.get("worker").get("bundles").contains("org.mlos.itest.payload@1.0.0"), r.get("worker").toString());
        assertTrue(!r.get("cache").get("bundles").contains("org.mlos.itest.payload"));
        assertTrue(!r.get("services").get("bundles").contains("org.mlos.itest.payload"));

        Path broken = bundle("org.mlos.itest.payload", "2.0.0", "org.mlos.does.not.exist");
        String failed = cache.request("cluster rollout worker " + broken + " --signature " + credentials.sign(broken));
        assertTrue(failed.startsWith("FAILED"), failed);
        assertTrue(failed.contains("restored the previous version"), failed);
        r = awaitRegistry(cache, reg -> reg.get("worker").get("bundles").contains("org.mlos.itest.payload@1.0.0"));
        assertTrue(r.get("worker").get("bundles").contains("org.mlos.itest.payload@1.0.0"), "back on 1.0.0: " + r.get("worker"));
    }

    @Test
    @Order(6)
    void aNodeThatLeavesDropsOutOfTheRegistry() throws Exception {
        worker.stop(Duration.ofSeconds(15));
        Map<String, Map<String, String>> r = awaitRegistry(cache, reg -> !reg.containsKey("worker"));
        assertEquals(2, r.size(), "the worker is gone: " + r.keySet());
    }

    @Test
    @Order(7)
    void aCoordinatorKilledDuringAnAtomicSwapLeavesEveryNodeOnTheOldImplementation() throws Exception {
        NodeProcess coordinator = start("worker");
        try {
            fill(memcachedPort(registry(services).get("cache")), 60_000);
            awaitRegistry(coordinator, reg -> reg.containsKey("cache") && reg.containsKey("services"));
            CompletableFuture<String> swap = CompletableFuture.supplyAsync(() -> {
                try {
                    return coordinator.request("cluster swap KeyValueStore heap --strategy atomic --timeout 30");
                } catch (IOException e) {
                    return "error: " + e;
                }
            });
            // Killed once the services node swapped, while the cache node still copies its items:
            // one node on the new implementation, one about to be, and nobody left to decide.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean servicesSwapped = false;
            while (!swap.isDone() && !servicesSwapped && System.nanoTime() < deadline) {
                servicesSwapped = services.request("kinds").matches("(?s).*KeyValueStore\\s+heap\\s.*");
                Thread.sleep(5);
            }
            boolean decided = swap.isDone();
            coordinator.kill();
            long killed = System.nanoTime();
            assertTrue(!decided && servicesSwapped, "killed after the services node swapped and before the coordinator"
                    + " decided: " + swap.getNow(null));
            Map<String, Map<String, String>> r = awaitRegistry(services, reg -> !reg.containsKey("worker")
                    && reg.containsKey("cache") && reg.containsKey("services") && reg.get("cache").get("kinds").contains("KeyValueStore=log")
                    && reg.get("services").get("kinds").contains("KeyValueStore=log"));
            long convergedMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.println("coordinator killed mid atomic swap: registry converged " + convergedMs + " ms after the kill"
                    + " (goal 10000)");
            assertEquals(java.util.Set.of("cache", "services"), r.keySet());
            assertTrue(r.get("cache").get("kinds").contains("KeyValueStore=log"), "the cache node went back: " + r);
            assertTrue(r.get("services").get("kinds").contains("KeyValueStore=log"), "the services node went back: " + r);
            assertTrue(cache.request("kinds").matches("(?s).*KeyValueStore\\s+log\\s.*"), cache.request("kinds"));
            assertTrue(services.request("kinds").matches("(?s).*KeyValueStore\\s+log\\s.*"), services.request("kinds"));
            assertTrue(convergedMs <= CONVERGENCE_LIMIT_MS, "converged " + convergedMs + " ms after the kill");
        } finally {
            coordinator.kill();
        }
    }

    @Test
    @Order(8)
    void aNodeKilledDuringAnAtomicSwapLeavesTheOthersConsistent() throws Exception {
        fill(memcachedPort(registry(services).get("cache")), 150_000);
        String kindsBefore = services.request("kinds");
        String before = activeStore(kindsBefore);
        CompletableFuture<String> swap = CompletableFuture.supplyAsync(() -> {
            try {
                return services.request("cluster swap KeyValueStore slab --strategy atomic --timeout 30");
            } catch (IOException e) {
                return "error: " + e;
            }
        });
        // Killed while the swap runs: in the prepare (nothing swapped) or, likelier, while the cache
        // node copies its 150 MB (the services node swapped and must swap back); consistent either way.
        Thread.sleep(100);
        cache.kill();
        String report = swap.get(90, TimeUnit.SECONDS);
        System.out.print("kill -9 during an atomic swap:\n" + report);
        assertTrue(report.startsWith("ROLLED_BACK"), report);
        assertTrue(report.matches("(?s).*cache\\s+(UNREACHABLE|TIMED_OUT).*"), "the report names the dead node: " + report);
        String kinds = services.request("kinds");
        assertEquals(before, activeStore(kinds), "the survivor is back where it was:\n" + report + kinds);
        // Swapped and back, or never swapped: no more. The killed node had coordinated an earlier,
        // committed swap; a node still holding that swap as pending once undid it here.
        int swaps = storeSwaps(kinds) - storeSwaps(kindsBefore);
        assertTrue(swaps == 0 || swaps == 2, swaps + " swaps of the survivor's store:\n" + report + kinds);
        Map<String, Map<String, String>> r = awaitRegistry(services, reg -> reg.size() == 1);
        assertEquals(List.of("services"), new ArrayList<>(r.keySet()));
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

    /** The memcached port among a node's endpoints ({@code memcached=host:port;mlos-remote=host:port}). */
    private static int memcachedPort(Map<String, String> node) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("memcached=[^;]*:(\\d+)").matcher(node.get("endpoints"));
        assertTrue(m.find(), "no memcached endpoint: " + node.get("endpoints"));
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
