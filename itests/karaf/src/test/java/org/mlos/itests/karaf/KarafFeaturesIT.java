package org.mlos.itests.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Karaf user's path, on one real Apache Karaf 4.4.10 running on JDK 17 (one boot for every
 * test here: CI time): Karaf's own configuration changed as docs/embedding.md says (boot
 * delegation and JVM flags for Chronicle, the JDK's HTTP server as a system package for the
 * metrics endpoint), the features repository added from a Maven repository (the one the build
 * staged), the Java 17 features installed, the Java 24 one refused; then the memcached server's
 * store and the journal swapped live with their state, the metrics endpoint scraped, and the
 * cluster member seen joined with the cluster secret, and Netty's epoll transport and BoringSSL
 * seen loaded from the native feature's fragments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafFeaturesIT {

    private static final int ENTRIES = 5_000;
    /** Set through the memcached server the feature mlos-memcached runs, read back after the swap. */
    private static final int CLIENT_ENTRIES = 200;
    /** Writes a memcached client has had acknowledged before the swap starts; it keeps writing through it. */
    private static final int WRITES_BEFORE_SWAP = 100;
    /** Records appended through the Journal kind before its swaps; then a writer keeps appending through both. */
    private static final int RECORDS = 2_000;
    private static final int LIVE_RECORDS_BEFORE_SWAP = 500;
    /** One-second polls for the kernel's control socket, and for the cluster join. */
    private static final int POLLS = 90;
    /**
     * The features installed after the Java 24 one is refused: every Java 17 area (mlos, the
     * aggregate of those that need no change to Karaf's configuration, and the two that do), and
     * this platform's native transport and TLS.
     */
    private static final String FEATURES = "mlos mlos-fault-chronicle mlos-metrics mlos-native-linux-x86_64 mlos-bridge-http";

    private Karaf karaf;
    private ControlSocket control;
    private Path controlDir;
    private Path secrets;
    private int memcachedPort;
    private int metricsPort;
    private int bridgePort;
    private Path bridgeRoot;
    private String bridgeToken;
    private String metricsToken;
    private final String clusterName = "karaf-it-" + HexFormat.of().formatHex(random(4));

    @BeforeAll
    void bootKarafWithTheFeaturesRepository() throws Exception {
        Path javaHome = Jdks.jdk17();
        Path work = Path.of(System.getProperty("mlos.karaf.work"));
        memcachedPort = Karaf.freePort();
        metricsPort = Karaf.freePort();
        bridgePort = Karaf.freePort();
        int clusterPort = Karaf.freePort();
        controlDir = Files.createTempDirectory("mlos-karaf-ctl"); // short: a socket path has ~100 bytes
        Files.delete(controlDir); // the kernel creates it, owner-only
        secrets = Files.createTempDirectory("mlos-karaf-secrets");
        metricsToken = HexFormat.of().formatHex(random(24));
        Path token = ownerOnly(secrets.resolve("metrics.token"), metricsToken);
        Path secret = ownerOnly(secrets.resolve("cluster.secret"), HexFormat.of().formatHex(random(32)));
        bridgeToken = HexFormat.of().formatHex(random(24));
        Path bridgeTokenFile = ownerOnly(secrets.resolve("bridge.token"), bridgeToken);
        bridgeRoot = secrets.resolve("bridge-files");

        karaf = Karaf.unpack(Path.of(System.getProperty("mlos.karaf.dist")), work, javaHome,
                Path.of(System.getProperty("mlos.karaf.repo")));
        karaf.systemProperties(List.of(
                "mlos.control.dir = " + controlDir,
                "mlos.profile = karaf",
                "mlos.kind.KeyValueStore = heap",
                "mlos.kind.Journal = chronicle",
                "mlos.port = " + memcachedPort,
                "mlos.fault.dir = " + work.resolve("mlos-fault"),
                // mlos-fault supervises swaps: on a loaded machine its store probe could find lru
                // slower than heap was and swap back, which is its job, not what is tested here
                "mlos.fault.probation.ms = 0",
                "mlos.metrics.port = " + metricsPort,
                "mlos.metrics.token.file = " + token,
                "mlos.bridge.root = " + bridgeRoot,
                "mlos.bridge.commands = sha256sum",
                "mlos.bridge.http.port = " + bridgePort,
                "mlos.bridge.token.file = " + bridgeTokenFile,
                "mlos.cluster.name = " + clusterName,
                "mlos.cluster.port = " + clusterPort,
                "mlos.cluster.port.count = 1",
                "mlos.cluster.members = 127.0.0.1:" + clusterPort,
                "mlos.cluster.secret.file = " + secret));
        // What docs/embedding.md tells a Karaf user: Karaf's lists extended in etc/custom.properties
        // (which overrides etc/config.properties), Chronicle's JVM flags in bin/setenv.
        karaf.customProperties(List.of(
                "org.osgi.framework.bootdelegation = " + karaf.shippedFrameworkProperty("org.osgi.framework.bootdelegation")
                        + ", jdk.internal.*, jdk.net",
                "org.osgi.framework.system.packages.extra = "
                        + karaf.shippedFrameworkProperty("org.osgi.framework.system.packages.extra") + ", com.sun.net.httpserver"));
        karaf.setenv(List.of("EXTRA_JAVA_OPTS=\"" + String.join(" ", ProfileVm.flags(Path.of(System.getProperty("mlos.karaf.chronicle.bndrun")))) + "\"", "export EXTRA_JAVA_OPTS"));
        karaf.start();
        karaf.shell("feature:repo-add mvn:org.mlos/mlos-features/" + System.getProperty("mlos.version") + "/xml/features");
    }

    @AfterAll
    void stopKaraf() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
        Karaf.deleteTree(controlDir);
        Karaf.deleteTree(secrets);
    }

    /**
     * Each feature resolved alone (Karaf's simulation, nothing installed yet), so that a feature
     * missing one of its dependencies fails here even when the features installed together below
     * happen to bring it. Those that require Java 24 must be refused, and only those.
     */
    @Test
    @Order(1)
    void everyFeatureResolvesOnItsOwnOnJava17ButTheJava24Ones() throws Exception {
        Map<String, Boolean> features = FeaturesFile.java24ByName(FeaturesFile.staged(Path.of(System.getProperty("mlos.karaf.repo")),
                System.getProperty("mlos.version")));
        // one shell session: Gogo's try keeps going after a refusal, each feature resolved from scratch
        String out = karaf.shell("each [" + String.join(" ", features.keySet()) + "] { f = $it ; "
                + "try { feature:install -t $f ; echo resolves $f } { echo refused $f } }");
        List<String> wrong = new ArrayList<>();
        features.forEach((name, java24) -> {
            String expected = (java24 ? "refused " : "resolves ") + name;
            if (!Pattern.compile("(?m)^" + Pattern.quote(expected) + "\\s*$").matcher(out).find()) {
                wrong.add(expected);
            }
        });
        assertTrue(wrong.isEmpty(), "expected but not seen: " + wrong + "\n" + out);
        assertTrue(features.values().stream().filter(b -> b).count() >= 2, "the Java 24 features: " + features);
    }

    @Test
    @Order(2)
    void theJava24FeatureIsRefusedOnJava17NamingTheRequirementAndInstallsNothing() throws Exception {
        String refused = karaf.shellAllowingFailure("feature:install mlos-mem");
        assertTrue(refused.contains("osgi.ee") && refused.contains("JavaSE") && refused.contains("version>=24")
                && refused.contains("mlos-mem/"), "feature:install mlos-mem on Java 17 answered: " + refused);
        System.out.println("karaf: feature:install mlos-mem on Java 17: " + refused.strip());
        String lists = karaf.shell("bundle:list -s -t 0", "feature:list -i");
        assertFalse(Pattern.compile("(?m)\\borg\\.mlos\\.mem\\s").matcher(lists).find(), "org.mlos.mem got installed: " + lists);
        assertFalse(Pattern.compile("(?m)^mlos-").matcher(lists).find(), "a feature of ours got installed: " + lists);
    }

    @Test
    @Order(3)
    void theJava17FeaturesInstallTogether() throws Exception {
        String list = karaf.shell("feature:install " + FEATURES, "bundle:install -s " + Path.of(System.getProperty("mlos.karaf.fixture")).toUri(),
                "feature:list -i", "bundle:list -s -t 0");
        for (String f : List.of("mlos", "mlos-core", "mlos-mem-api", "mlos-mem-heap", "mlos-sched-api", "mlos-net-api",
                "mlos-vertx", "mlos-net", "mlos-memcached", "mlos-fault-api", "mlos-fault", "mlos-fault-chronicle",
                "mlos-metrics", "mlos-cluster-api", "mlos-cluster", "mlos-cluster-store", "mlos-cluster-remote",
                "mlos-native-linux-x86_64")) {
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(f) + "\\s").matcher(list).find(),
                    f + " not installed: " + list);
        }
        // bundle:list's columns are split by '│' (or '|' when Karaf writes to a pipe)
        List<String> ours = list.lines().filter(l -> l.matches(".*[|\u2502]\\s*org\\.mlos\\..*")).toList();
        assertTrue(ours.size() >= 17, "our bundles: " + list);
        assertTrue(ours.stream().allMatch(l -> l.contains("Active")), "bundles of ours not active: " + ours);
        // the core starts before the bundles that use kinds (Karaf's default level 80), so that
        // none binds an implementation before the core's hooks hide them
        // (columns: ID, State, Lvl, Version, Symbolic name)
        java.util.Map<String, Integer> levels = new java.util.HashMap<>();
        for (String l : ours) {
            String[] c = l.split("[|\u2502]");
            levels.put(c[c.length - 1].trim(), Integer.parseInt(c[2].trim()));
        }
        int core = levels.get("org.mlos.core");
        assertTrue(levels.entrySet().stream().allMatch(e -> e.getKey().equals("org.mlos.core") || e.getValue() > core),
                "org.mlos.core (level " + core + ") does not start before every other bundle of ours: " + levels);
        control = ControlSocket.await(controlDir, karaf, POLLS);
    }

    @Test
    @Order(4)
    void theMemcachedStoreSwapsLiveWithItsStateWhileAClientWrites() throws Exception {
        requireInstalled();
        assertEquals("filled " + ENTRIES, karaf.shell("echo (fixture:fill " + ENTRIES + ")").trim());
        try (MemcachedText mc = MemcachedText.connect(memcachedPort, POLLS)) {
            for (int i = 0; i < CLIENT_ENTRIES; i++) {
                assertEquals("STORED", mc.set("mc" + i, "value-" + i));
            }
        }
        JsonNode kinds = control.json("kinds");
        JsonNode store = ControlSocket.kind(kinds, "KeyValueStore");
        assertEquals("heap", store.get("active").asText(), kinds.toString());
        assertTrue(store.get("candidates").toString().contains("lru"), kinds.toString());

        // a memcached client keeps writing through the swap: every write it had acknowledged must be there after
        MemcachedWriter writer = MemcachedWriter.start(memcachedPort, WRITES_BEFORE_SWAP);
        JsonNode report = control.json("swap KeyValueStore lru");
        int acked = writer.stop();
        System.out.println("karaf: " + report + ", memcached writes acknowledged around it: " + acked);
        assertEquals("COMPLETED", report.get("outcome").asText(), report.toString());
        assertEquals("heap", report.get("from").asText());
        assertEquals("lru", report.get("to").asText());
        assertTrue(report.get("entries").asLong() >= ENTRIES + CLIENT_ENTRIES + WRITES_BEFORE_SWAP, "entries moved: " + report);

        String checkedAndHistory = karaf.shell("echo (fixture:check " + ENTRIES + ")", "echo (mlos:history)");
        assertEquals("checked " + ENTRIES + " missing=0 wrong=0", checkedAndHistory.lines().findFirst().orElse("").trim());
        String history = checkedAndHistory.substring(checkedAndHistory.indexOf('\n') + 1);
        assertTrue(history.contains("heap") && history.contains("lru"), "mlos:history in Karaf's shell: " + history);
        try (MemcachedText mc = MemcachedText.connect(memcachedPort, 1)) {
            for (int i = 0; i < CLIENT_ENTRIES; i++) {
                assertEquals("value-" + i, mc.get("mc" + i), "mc" + i + " after the swap");
            }
        }
        MemcachedWriter.checkAll(memcachedPort, acked);
        assertEquals("lru", control.active("KeyValueStore"));
    }

    @Test
    @Order(5)
    void theJournalSwapsLiveBetweenChronicleAndSegmentsWithItsRecordsWhileAWriterAppends() throws Exception {
        requireInstalled();
        assertEquals("chronicle", control.active("Journal"));
        List<String> appended = karaf.shell("echo (fixture:jappend before " + RECORDS + ")",
                "echo (fixture:jcheck before " + RECORDS + ")").strip().lines().map(String::strip).toList();
        Matcher m = Pattern.compile("appended " + RECORDS + " first=(\\d+) last=(\\d+)").matcher(appended.get(0));
        assertTrue(m.matches(), appended.toString());
        String indexes = "first=" + m.group(1) + " last=" + m.group(2);
        String intact = "checked before " + RECORDS + " missing=0 duplicated=0 disordered=0 extra=0 " + indexes;
        assertEquals(intact, appended.get(1), "read back on chronicle");

        assertTrue(karaf.shell("echo (fixture:jstart live " + LIVE_RECORDS_BEFORE_SWAP + ")").trim().startsWith("started live"));
        JsonNode toSegments = control.json("swap Journal segments");
        JsonNode back = control.json("swap Journal chronicle");
        List<String> after = karaf.shell("echo (fixture:jstop live)", "echo (fixture:jcheck before " + RECORDS + ")",
                "echo (fixture:jcheck live 0)").strip().lines().map(String::strip).toList();
        System.out.println("karaf: " + toSegments + "\nkaraf: " + back + "\nkaraf: " + after);
        for (JsonNode r : List.of(toSegments, back)) {
            assertEquals("COMPLETED", r.get("outcome").asText(), r.toString());
            assertTrue(r.get("entries").asLong() >= RECORDS + LIVE_RECORDS_BEFORE_SWAP, "records moved: " + r);
        }
        assertEquals("chronicle", toSegments.get("from").asText());
        assertEquals("segments", toSegments.get("to").asText());
        assertEquals("chronicle", back.get("to").asText());
        Matcher s = Pattern.compile("stopped live acknowledged=(\\d+) failure=none").matcher(after.get(0));
        assertTrue(s.matches(), after.toString());
        int live = Integer.parseInt(s.group(1));
        assertEquals(intact, after.get(1), "the records with their indexes after chronicle -> segments -> chronicle");
        assertTrue(after.get(2).startsWith("checked live " + live + " missing=0 duplicated=0 disordered=0 extra=0 "),
                "every append acknowledged around the swaps, once, in order (and none beyond): " + after.get(2));
        assertEquals("chronicle", control.active("Journal"));
        // without the flags and boot delegation Chronicle says this, then fails the first append
        // (IllegalAccessException on sun.nio.ch.FileChannelImpl.map0)
        assertFalse(karaf.log().contains("Chronicle products may require command line arguments"),
                "Chronicle found its JVM flags missing" + karaf.tail());
    }

    @Test
    @Order(6)
    void theMetricsEndpointNeedsTheTokenAndCountsTheSwaps() throws Exception {
        requireInstalled();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), "a scrape without the token: " + anonymous.body());
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + metricsToken).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode(), scrape.body());
        assertEquals(1.0, swaps(scrape.body(), "KeyValueStore"), "KeyValueStore swaps completed:\n" + scrape.body());
        assertEquals(2.0, swaps(scrape.body(), "Journal"), "Journal swaps completed:\n" + scrape.body());
        assertTrue(scrape.body().contains("mlos_swap_pause_seconds"), "the pause histogram:\n" + scrape.body());
    }

    @Test
    @Order(9)
    void theBridgeServesTheHostsFilesAndCommandsOverHttpWithItsToken() throws Exception {
        requireInstalled();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI file = URI.create("http://127.0.0.1:" + bridgePort + "/files/in/karaf.txt");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(file).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(file).header("Authorization", "Bearer " + bridgeToken)
                .PUT(HttpRequest.BodyPublishers.ofString("from a Karaf user")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, put.statusCode(), put.body() + karaf.tail());
        assertEquals("from a Karaf user", Files.readString(bridgeRoot.resolve("in/karaf.txt")));
        HttpResponse<String> sum = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridgePort
                + "/commands/sha256sum?arg=in/karaf.txt")).header("Authorization", "Bearer " + bridgeToken)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, sum.statusCode(), sum.body());
        assertTrue(sum.body().contains("\"exitCode\":0"), sum.body());
    }

    @Test
    @Order(7)
    void theClusterMemberJoinsItsOwnClusterWithTheSecret() throws Exception {
        requireInstalled();
        JsonNode nodes = null;
        for (int i = 0; i < POLLS && nodes == null; i++) {
            JsonNode reply = control.jsonAllowingError("cluster nodes");
            if (reply.has("nodes") && reply.get("nodes").size() > 0) {
                nodes = reply;
            } else {
                Thread.sleep(1000);
            }
        }
        assertTrue(nodes != null, "the member did not list itself in " + POLLS + " s" + karaf.tail());
        assertEquals(clusterName, nodes.get("cluster").asText(), nodes.toString());
        assertEquals(1, nodes.get("nodes").size(), nodes.toString());
        JsonNode self = nodes.get("nodes").get(0);
        assertEquals(nodes.get("local").asText(), self.get("id").asText(), nodes.toString());
        assertEquals("karaf", self.get("profile").asText(), nodes.toString());
        assertTrue(self.get("address").asText().startsWith("127.0.0.1:"), nodes.toString());
        String log = karaf.log();
        assertTrue(log.contains("joined cluster " + clusterName), "no join in karaf.log" + karaf.tail());
        assertFalse(log.contains("no cluster secret"), "the member ran without the secret" + karaf.tail());
    }

    /**
     * The native feature's fragments attach and load: Netty's epoll transport and BoringSSL are
     * available, and the network server's Vert.x runs on epoll (it logs when it falls back to NIO).
     */
    @Test
    @Order(8)
    void theNativeFeatureLoadsEpollAndBoringSslForTheNetworkServer() throws Exception {
        requireInstalled();
        String natives = karaf.shell("echo (fixture:natives)").trim();
        System.out.println("karaf: fixture:natives: " + natives);
        assertTrue(natives.startsWith("epoll=true openssl=true BoringSSL"), "fixture:natives answered: " + natives);
        assertFalse(karaf.log().contains("Vert.x runs on Java NIO"), "the network server's Vert.x fell back to NIO" + karaf.tail());
    }

    /** The tests after the installation need it: say so rather than fail on a null. */
    private void requireInstalled() {
        if (control == null) {
            throw new AssertionError("the features were not installed (theJava17FeaturesInstallTogether failed)");
        }
    }

    /**
     * The value of {@code mlos_swaps_total} for a kind's completed swaps that were asked for (not the
     * kernel's own at start, trigger preferred-arrived); 0 when there is no such line.
     */
    private static double swaps(String scrape, String kind) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith("mlos_swaps_total{") && line.contains(kind + "\"") && line.contains("outcome=\"COMPLETED\"")
                    && line.contains("trigger=\"request\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static Path ownerOnly(Path file, String content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
        return file;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
