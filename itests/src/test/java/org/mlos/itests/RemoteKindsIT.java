package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Remote kinds between two node processes on 127.0.0.1: a cache node's store moves to a store
 * node and back under memcached load, with every acknowledged write kept and readable through
 * the cache node throughout, and the store node's own store untouched; a front node keeps its
 * items across a pause of its store node; a rollout of a new heap bundle moves a heap store aside
 * and back; a rollout on the store node does not end what it hosts unless accepted; then the host is killed while the store runs there,
 * and the cache node fails over to a local store and serves again.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteKindsIT {

    private static final String CLUSTER = "itest-remote-" + UUID.randomUUID();
    private static ClusterCredentials credentials;
    private static NodeProcess store;
    private static NodeProcess cache;
    private static int port;
    private static final int RATE = 4_000;
    private static final int ITEMS = 16_000;

    @BeforeAll
    static void start() throws Exception {
        credentials = ClusterCredentials.create();
        store = start("store");
        cache = start("cache", "--set", "mlos.remote.call.timeout.ms=2000");
        port = cache.awaitReady(Duration.ofSeconds(5)).port("memcached");
    }

    private static NodeProcess start(String profile, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--set", "mlos.cluster.name=" + CLUSTER, "--set", "mlos.cluster.port=15811"));
        if (!List.of(more).contains("--port")) {
            args.addAll(List.of("--port", "0"));
        }
        args.addAll(credentials.nodeArgs());
        args.addAll(List.of(more));
        NodeProcess n = NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile, args, List.of(), null);
        n.awaitReady(Duration.ofSeconds(120));
        return n;
    }

    @AfterAll
    static void stop() {
        for (NodeProcess n : new NodeProcess[] { cache, store }) {
            if (n != null) {
                n.stop(Duration.ofSeconds(15));
            }
        }
    }

    private static String swap(String impl) throws Exception {
        // the store node joins the registry within seconds of its ready line
        String report = cache.request("swap KeyValueStore " + impl);
        for (int i = 0; i < 50 && report.contains("no node or profile"); i++) {
            Thread.sleep(200);
            report = cache.request("swap KeyValueStore " + impl);
        }
        return report;
    }

    @Test
    @Order(1)
    void theCacheStoreMovesToTheStoreNodeAndBackLosingNothing() throws Exception {
        MemcachedWriter writer = new MemcachedWriter(port, "m-");
        Thread w = new Thread(writer, "itest-writer");
        w.start();
        try {
            writer.awaitAcked(2000, Duration.ofSeconds(60));
            String there = swap("heap@store");
            assertTrue(there.startsWith("COMPLETED"), there);
            assertTrue(there.contains("mode=live"), there);
            String kinds = cache.request("kinds");
            // as asked (a profile) and the node it resolved to
            assertTrue(kinds.contains("heap@store") && kinds.contains("remote: KeyValueStore heap@store runs on node "), kinds);
            int atSwitch = writer.acked().size();
            writer.awaitAcked(atSwitch + 2000, Duration.ofSeconds(120));
            List<String> soFar = writer.acked();
            assertEquals(List.of(), MemcachedWriter.missing(port, soFar), "keys unreadable while the store is remote");
            String back = swap("slab");
            assertTrue(back.startsWith("COMPLETED"), back);
            writer.awaitAcked(writer.acked().size() + 1000, Duration.ofSeconds(60));
        } finally {
            writer.stop();
            w.join(30_000);
        }
        assertEquals(null, writer.error());
        List<String> acked = writer.acked();
        assertEquals(List.of(), MemcachedWriter.missing(port, acked), "acknowledged writes lost");
        String storeKinds = store.request("kinds");
        assertTrue(storeKinds.contains("KeyValueStore") && storeKinds.contains(" slab "), "the host's own store: " + storeKinds);
        // The host's own handle never swapped to heap (a swap from it at boot, heap registering
        // before the preferred slab, is the kernel's preferred-arrived and no concern here).
        String storeHistory = store.request("history");
        assertTrue(!storeHistory.contains("-> heap"), "the host's own handle never swapped to heap: " + storeHistory);
    }

    @Test
    @Order(2)
    void aMoveToAnotherNodeAndBackPrintsItsCopyAsALocalSwapDoes() throws Exception {
        // A cache node of its own whose live copy is capped at 4,000 entries a second: a move of
        // 16,000 items lasts 4 s or more on any machine (the shared cache node copies at full speed,
        // under the other tests' writers). The store node hosts its instance.
        NodeProcess slow = start("cache", "--set", "mlos.kernel.copy.rate=" + RATE);
        try {
            moveThereAndBack(slow, slow.awaitReady(Duration.ofSeconds(5)).port("memcached"));
        } finally {
            slow.stop(Duration.ofSeconds(15));
        }
    }

    private static void moveThereAndBack(NodeProcess node, int port) throws Exception {
        // Bounded poll: the node joins in the background and lists the store node within seconds.
        String registry = "";
        for (int i = 0; i < 300 && !registry.contains("profile=store"); i++) {
            Thread.sleep(200);
            registry = node.request("cluster nodes --lines");
        }
        assertTrue(registry.contains("profile=store"), registry);
        SwapProgressIT.fill(port, "r", ITEMS);
        String pid = Long.toString(node.pid());
        SwapProgressIT.Cli there = SwapProgressIT.cli("swap", "KeyValueStore", "heap@store", "--node", pid);
        System.out.println("RemoteKindsIT: mlos swap KeyValueStore heap@store printed\n" + there.err() + there.out());
        assertEquals(0, there.exit(), there.out() + there.err());
        assertTrue(there.out().startsWith("COMPLETED org.mlos.mem.api.KeyValueStore slab -> heap@store"), there.out());
        assertCopyLines(there, "slab", "heap@store");

        SwapProgressIT.Cli back = SwapProgressIT.cli("swap", "KeyValueStore", "slab", "--node", pid);
        System.out.println("RemoteKindsIT: mlos swap KeyValueStore slab printed\n" + back.err() + back.out());
        assertEquals(0, back.exit(), back.out() + back.err());
        assertTrue(back.out().startsWith("COMPLETED org.mlos.mem.api.KeyValueStore heap@store -> slab"), back.out());
        assertCopyLines(back, "heap@store", "slab");
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            assertEquals("VALUE r" + (ITEMS - 1) + " 0 5\r\nvalue\r\nEND\r\n",
                    SwapProgressIT.request(s, "get r" + (ITEMS - 1) + "\r\n", "END\r\n"));
        }
    }

    /**
     * The lines of a move: the step that provides the instance, if it took a poll's time, then
     * pre-copy lines whose counts grow toward the store's size (the report's entries), at least
     * two: at most 4,000 entries a second of 16,000 last 4 s, polled from 1 s on.
     */
    private static void assertCopyLines(SwapProgressIT.Cli c, String from, String to) {
        long entries = Long.parseLong(c.out().replaceAll("(?s).*\\bentries=(\\d+).*", "$1"));
        assertEquals(ITEMS, entries, c.out());
        String prefix = "mlos:   swap KeyValueStore " + Pattern.quote(from) + " -> " + Pattern.quote(to)
                + ": ";
        Pattern copy = Pattern.compile(prefix + "pre-copy pass 1, ([\\d,]+)/([\\d,]+) entries, \\d+\\.\\d s");
        List<Long> counts = new ArrayList<>();
        for (String line : c.err().lines().toList()) {
            Matcher m = copy.matcher(line);
            if (m.matches()) {
                assertEquals(entries, Long.parseLong(m.group(2).replace(",", "")), "the total is the store's size: " + line);
                counts.add(Long.parseLong(m.group(1).replace(",", "")));
            } else if (line.startsWith("mlos:   swap ") && !line.matches("mlos:   swap of KeyValueStore to " + Pattern.quote(to)
                    + ": waiting for the reply \\(\\d+s\\)")) { // a poll that found no swap under way: a busy machine's gap
                assertTrue(line.matches(prefix + "(providing the implementation|negotiating|quiescing|pre-copy pass \\d+, .*"
                        + "|draining in-flight calls|replay.*|checking|switching)(, .*)?"), "a line of the move: " + line);
            }
        }
        assertTrue(counts.size() >= 2, "pre-copy lines on standard error:\n" + c.err());
        for (int i = 1; i < counts.size(); i++) {
            assertTrue(counts.get(i) >= counts.get(i - 1), "counts went back: " + counts);
        }
        assertTrue(counts.get(0) < entries, "the first line came during the copy: " + counts);
    }

    @Test
    @Order(3)
    void aProfileWithoutTheMemoryServicesUsesAStoreOnAnotherNode() throws Exception {
        // front: the memcached server and the store kind's API bundle, no store implementation
        // (no org.mlos.mem, no distributed or durable store); its profile asks for heap@store
        java.nio.file.Path image = ItestOptions.root().resolve("runtime-launcher/target/export/front");
        try (java.util.stream.Stream<java.nio.file.Path> jars = java.nio.file.Files.list(image)) {
            List<String> names = jars.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.contains("mem.api") || n.contains("mem-api")), "the kind's API bundle: " + names);
            assertTrue(names.stream().noneMatch(n -> n.matches("(org\\.mlos\\.|mlos-)(mem|cluster[.-]store|fault)[-_.]?[0-9].*\\.jar")),
                    "no store implementation in the front image: " + names);
        }
        // port 0 and the ready line's endpoint: a port probed free here and passed on could be
        // taken in between by any process's outgoing connection (it was, once, in CI)
        NodeProcess front = start("front");
        try {
            int frontPort = front.awaitReady(Duration.ofSeconds(5)).port("memcached");
            awaitMemcached(frontPort, Duration.ofSeconds(30));
            String kinds = front.request("kinds");
            assertTrue(kinds.lines().anyMatch(l -> l.contains("KeyValueStore") && l.contains("heap@store")),
                    kinds);
            assertTrue(kinds.contains("remote: KeyValueStore heap@store runs on node "), kinds);
            MemcachedWriter writer = new MemcachedWriter(frontPort, "f-");
            Thread w = new Thread(writer, "itest-front-writer");
            w.start();
            try {
                writer.awaitAcked(2000, Duration.ofSeconds(60));
            } finally {
                writer.stop();
                w.join(30_000);
            }
            assertEquals(null, writer.error());
            assertEquals(List.of(), MemcachedWriter.missing(frontPort, writer.acked()), "acknowledged writes unreadable");
            String history = store.request("history");
            assertTrue(!history.contains("-> heap"), "the host's own handle never swapped to heap: " + history);
        } finally {
            front.stop(Duration.ofSeconds(15));
        }
    }

    /**
     * An outsider paused the store node 20 s beside a front node: the cluster dropped it, the front
     * withdrew it as lost and failed over to an empty store, and the items written before the pause
     * were unreadable after it. A host whose port accepts while it says nothing is kept.
     */
    @Test
    @Order(4)
    void aStoreNodePausedBesideAFrontKeepsEveryItemItHolds() throws Exception {
        NodeProcess front = start("front");
        try {
            int frontPort = front.awaitReady(Duration.ofSeconds(5)).port("memcached");
            awaitMemcached(frontPort, Duration.ofSeconds(30));
            MemcachedWriter writer = new MemcachedWriter(frontPort, "p-");
            Thread w = new Thread(writer, "itest-front-writer-paused");
            w.start();
            try {
                writer.awaitAcked(1000, Duration.ofSeconds(60));
                Signals.send("STOP", store.pid());
                try {
                    Thread.sleep(20_000); // the cluster drops a member silent 10 s
                } finally {
                    Signals.send("CONT", store.pid());
                }
                int atResume = writer.acked().size();
                writer.awaitAcked(atResume + 500, Duration.ofSeconds(90));
                System.out.println("store paused 20 s: " + writer.refused() + " writes refused meanwhile");
            } finally {
                writer.stop();
                w.join(30_000);
            }
            assertEquals(null, writer.error());
            List<String> lost = MemcachedWriter.missing(frontPort, writer.acked());
            assertTrue(lost.isEmpty(), lost.size() + " of " + writer.acked().size() + " acknowledged writes lost across the pause,"
                    + " first " + lost.subList(0, Math.min(5, lost.size())));
            String history = front.request("history");
            assertTrue(!history.contains("trigger=impl-removed"), "the front kept its store: " + history);
            // the store did leave the cluster: what kept the front bound is its silence, not a registry slow to drop it
            assertTrue(front.output().contains("accepts connections and it says nothing"), "the front found the store"
                    + " silent:\n" + front.output());
        } finally {
            front.stop(Duration.ofSeconds(15));
        }
    }

    private static void awaitMemcached(int port, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                s.getOutputStream().write("version\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                if (new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream())).readLine().startsWith("VERSION")) {
                    return;
                }
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * A rollout of a new heap bundle on a node served by its heap store: the store moves aside to
     * the node's default store (slab) with its items and back onto the new version, no --restart-kinds needed.
     * While the stores' base classes lived in the heap bundle, updating it restarted every store of
     * the node (slab and log import those classes), and the rollout was refused.
     */
    @Test
    @Order(5)
    void aHeapRolloutMovesTheNodesHeapStoreAsideAndBackWithItsItems() throws Exception {
        String onHeap = swap("heap");
        assertTrue(onHeap.startsWith("COMPLETED"), onHeap);
        java.nio.file.Path jar = changed(ItestOptions.images().resolve("cache"), "mlos-mem-heap-");
        MemcachedWriter writer = new MemcachedWriter(port, "h-");
        Thread w = new Thread(writer, "itest-writer-heap-rollout");
        w.start();
        try {
            writer.awaitAcked(500, Duration.ofSeconds(60));
            // the store node, paused above, merges back into the cluster: a task sent across that merge
            // finds its node reset (UNREACHABLE); wait for the registry to list it again, as below
            String registry = "";
            for (int i = 0; i < 300 && !registry.contains("profile=store"); i++) {
                Thread.sleep(200);
                registry = cache.request("cluster nodes --lines");
            }
            String rolled = cache.request("cluster rollout cache " + jar + " --signature " + credentials.sign(jar));
            for (int i = 0; i < 30 && rolled.contains("UNREACHABLE"); i++) {
                Thread.sleep(1000);
                rolled = cache.request("cluster rollout cache " + jar + " --signature " + credentials.sign(jar));
            }
            System.out.println("RemoteKindsIT: a rollout of heap's bundle on the cache node on heap answered\n" + rolled);
            assertTrue(rolled.startsWith("ROLLED_OUT") && rolled.contains("UPDATED") && !rolled.contains("restarted"), rolled);
            int atUpdate = writer.acked().size();
            writer.awaitAcked(atUpdate + 500, Duration.ofSeconds(60));
        } finally {
            writer.stop();
            w.join(30_000);
        }
        assertEquals(null, writer.error());
        assertEquals(List.of(), MemcachedWriter.missing(port, writer.acked()), "acknowledged writes lost by the heap rollout");
        List<String> rollout = cache.request("history").lines().filter(l -> l.contains("trigger=" + "rollout")).toList();
        assertTrue(rollout.stream().anyMatch(l -> l.startsWith("COMPLETED") && l.contains(" heap -> slab ")) // the profile's default
                && rollout.stream().anyMatch(l -> l.startsWith("COMPLETED") && l.contains(" -> heap ")),
                "moved aside and back: " + rollout);
        assertTrue(rollout.stream().noneMatch(l -> l.contains("hazelcast")), "not through the cluster's map: " + rollout);
    }

    /**
     * A rollout on the store node of the bundle of an implementation it hosts for the cache node
     * ({@code heap@store}) ended that instance, and the cache node's calls ran on a deactivated
     * store. Refused, nothing lost; accepted (--restart-kinds), the instance ends with its bundle and
     * the cache node fails over to a store of its own and serves on.
     */
    @Test
    @Order(6)
    void aRolloutOnTheStoreNodeEndsWhatItHostsOnlyWhenAccepted() throws Exception {
        String there = swap("heap@store");
        assertTrue(there.startsWith("COMPLETED"), there);
        java.nio.file.Path jar = changed(ItestOptions.images().resolve("store"), "mlos-mem-heap-");
        String signature = credentials.sign(jar);
        MemcachedWriter writer = new MemcachedWriter(port, "u-");
        Thread w = new Thread(writer, "itest-writer-rollout");
        w.start();
        try {
            writer.awaitAcked(500, Duration.ofSeconds(60));
            // the store node, paused above, is back in the registry once its cluster merged it again
            String registry = "";
            for (int i = 0; i < 300 && !registry.contains("profile=store"); i++) {
                Thread.sleep(200);
                registry = cache.request("cluster nodes --lines");
            }
            String refused = cache.request("cluster rollout store " + jar + " --signature " + signature);
            System.out.println("RemoteKindsIT: a rollout of heap's bundle on the store node answered\n" + refused);
            assertTrue(refused.contains("REFUSED") && refused.contains("this node hosts for other nodes")
                    && refused.contains("--restart-kinds"), refused);
            assertTrue(cache.request("kinds").contains("heap@store"), "still served there");
            int atRefusal = writer.acked().size();
            writer.awaitAcked(atRefusal + 200, Duration.ofSeconds(60));
            assertEquals(List.of(), MemcachedWriter.missing(port, writer.acked()), "acknowledged writes lost by a refused update");

            String accepted = cache.request("cluster rollout store " + jar + " --signature " + signature + " --restart-kinds");
            System.out.println("RemoteKindsIT: with --restart-kinds it answered\n" + accepted);
            assertTrue(accepted.contains("UPDATED") && accepted.contains("ended the instances of heap"), accepted);
            int atUpdate = writer.acked().size();
            writer.awaitAcked(atUpdate + 500, Duration.ofSeconds(60));
        } finally {
            writer.stop();
            w.join(30_000);
        }
        String history = cache.request("history");
        assertTrue(history.contains("heap@store ->"), "failed over off the ended instance: " + history);
        assertTrue(store.output().contains("hosted for node ") && store.output().contains("its implementation heap went"),
                "the host ended the instance as its bundle stopped, not left it on a deactivated store: " + store.output());
        // the store node's own store (slab) stays: a store restarted by a rollout had been swapped
        // into the cluster's map as it went, its items merged into every node's, the whole map taken back
        String storeHistory = store.request("history");
        assertTrue(!storeHistory.contains("-> hazelcast") && !storeHistory.contains("hazelcast ->"),
                "no swap through the cluster's map: " + storeHistory);
    }

    /** A copy of the image's jar whose name begins with {@code prefix}, one entry added: another SHA-256, as a new build. */
    private static java.nio.file.Path changed(java.nio.file.Path image, String prefix) throws IOException {
        java.nio.file.Path original;
        try (java.util.stream.Stream<java.nio.file.Path> jars = java.nio.file.Files.list(image)) {
            original = jars.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
        java.nio.file.Path copy = java.nio.file.Files.createTempFile("mlos-itest-rollout-", ".jar");
        copy.toFile().deleteOnExit();
        try (java.util.jar.JarFile in = new java.util.jar.JarFile(original.toFile());
                java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(copy),
                        in.getManifest())) {
            for (var e = in.entries(); e.hasMoreElements();) {
                java.util.jar.JarEntry entry = e.nextElement();
                if (entry.getName().equals("META-INF/") || entry.getName().equals(java.util.jar.JarFile.MANIFEST_NAME)) {
                    continue;
                }
                out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                try (java.io.InputStream body = in.getInputStream(entry)) {
                    body.transferTo(out);
                }
            }
            out.putNextEntry(new java.util.jar.JarEntry("rolled-out-by-itest.txt"));
            out.write(UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return copy;
    }

    @Test
    @Order(7)
    void aKilledHostFailsOverToALocalStore() throws Exception {
        String there = swap("heap@store");
        assertTrue(there.startsWith("COMPLETED"), there);
        MemcachedWriter writer = new MemcachedWriter(port, "k-");
        Thread w = new Thread(writer, "itest-writer-2");
        w.start();
        try {
            writer.awaitAcked(1000, Duration.ofSeconds(60));
            store.kill();
            long t0 = System.nanoTime();
            int atKill = writer.acked().size();
            // within the call timeout (2 s) plus the failover swap, writes are acknowledged again
            writer.awaitAcked(atKill + 500, Duration.ofSeconds(30));
            System.out.println("served again " + (System.nanoTime() - t0) / 1_000_000 + " ms after the host was killed; "
                    + writer.refused() + " writes refused meanwhile");
        } finally {
            writer.stop();
            w.join(30_000);
        }
        String history = cache.request("history");
        assertTrue(history.contains("heap@store ->") && history.contains("trigger=impl-removed"), history);
        assertTrue(!cache.request("kinds").contains("heap@store"), cache.request("kinds"));
    }

    @Test
    @Order(8)
    void aFrontNodeServesAgainOnceAStoreNodeIsBack() throws Exception {
        // the first store node is dead (killed above): a new one hosts the front node's store
        NodeProcess second = start("store");
        NodeProcess third = null;
        // while it has no store, a write waits up to 2 s for one instead of failing at once
        NodeProcess front = start("front", "--set", "mlos.kernel.wait.ms=2000");
        try {
            int frontPort = front.awaitReady(Duration.ofSeconds(5)).port("memcached");
            awaitMemcached(frontPort, Duration.ofSeconds(30));
            MemcachedWriter writer = new MemcachedWriter(frontPort, "r-");
            Thread w = new Thread(writer, "itest-front-writer-2");
            w.start();
            try {
                writer.awaitAcked(500, Duration.ofSeconds(60));
                second.kill();
                int atKill = writer.acked().size();
                third = start("store");
                long t0 = System.nanoTime();
                // the lost host's candidate is withdrawn, the profile's heap@store asked for again,
                // and the new store node hosts a fresh instance (the old items died with their host)
                writer.awaitAcked(atKill + 500, Duration.ofSeconds(90));
                System.out.println("front served again " + (System.nanoTime() - t0) / 1_000_000
                        + " ms after the new store node was ready; " + writer.refused() + " writes refused meanwhile");
            } finally {
                writer.stop();
                w.join(30_000);
            }
            assertEquals(null, writer.error());
            List<String> acked = writer.acked();
            List<String> afterReturn = acked.subList(acked.size() - 200, acked.size());
            assertEquals(List.of(), MemcachedWriter.missing(frontPort, afterReturn), "writes acknowledged after the return");
        } finally {
            front.stop(Duration.ofSeconds(15));
            second.stop(Duration.ofSeconds(15));
            if (third != null) {
                third.stop(Duration.ofSeconds(15));
            }
        }
    }
}
