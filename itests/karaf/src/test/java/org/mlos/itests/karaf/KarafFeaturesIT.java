package org.mlos.itests.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Karaf user's path, on a real Apache Karaf 4.4.10 running on JDK 17: add the features
 * repository from a Maven repository (the one the build staged), install the memcached server
 * over the Java 17 stores, put state into the store (through the handle and through memcached),
 * swap it live through the control socket, and find every entry after.
 */
class KarafFeaturesIT {

    private static final int ENTRIES = 5_000;
    /** Set through the memcached server the feature mlos-memcached runs, read back after the swap. */
    private static final int CLIENT_ENTRIES = 200;
    /** Writes a memcached client has had acknowledged before the swap starts; it keeps writing through it. */
    private static final int WRITES_BEFORE_SWAP = 100;
    /** One-second polls for the kernel's control socket after the features are installed. */
    private static final int SOCKET_POLLS = 60;

    @Test
    void theJava17StoresInstallFromTheFeaturesRepositoryAndSwapLiveWithTheirState() throws Exception {
        Path javaHome = jdk17();
        String version = System.getProperty("mlos.version");
        Path work = Path.of(System.getProperty("mlos.karaf.work"));
        int memcachedPort = Karaf.freePort();
        Path control = Files.createTempDirectory("mlos-karaf-ctl"); // short: a socket path has ~100 bytes
        Files.delete(control); // the kernel creates it, owner-only
        try (Karaf karaf = Karaf.unpack(Path.of(System.getProperty("mlos.karaf.dist")), work, javaHome,
                Path.of(System.getProperty("mlos.karaf.repo")), List.of(
                        "mlos.control.dir = " + control,
                        "mlos.profile = karaf",
                        "mlos.kind.KeyValueStore = heap",
                        "mlos.port = " + memcachedPort))) {
            karaf.start();
            karaf.shell("feature:repo-add mvn:org.mlos/mlos-features/" + version + "/xml/features");
            String installed = karaf.shell("feature:install mlos-memcached");
            String list = karaf.shell("feature:list -i");
            assertTrue(list.contains("mlos-memcached") && list.contains("mlos-mem-heap") && list.contains("mlos-core"),
                    "installed features: " + list + installed);
            karaf.shell("bundle:install -s " + Path.of(System.getProperty("mlos.karaf.fixture")).toUri());
            Path socket = socket(control, karaf);

            assertEquals("filled " + ENTRIES, karaf.shell("echo (fixture:fill " + ENTRIES + ")").trim());
            try (MemcachedText mc = MemcachedText.connect(memcachedPort, SOCKET_POLLS)) {
                for (int i = 0; i < CLIENT_ENTRIES; i++) {
                    assertEquals("STORED", mc.set("mc" + i, "value-" + i));
                }
            }
            JsonNode kinds = json(socket, "json kinds");
            JsonNode store = kind(kinds, "KeyValueStore");
            assertEquals("heap", store.get("active").asText(), kinds.toString());
            assertTrue(store.get("candidates").toString().contains("lru"), kinds.toString());

            // a memcached client keeps writing through the swap: every write it had acknowledged must be there after
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acked = new AtomicInteger();
            AtomicReference<Throwable> writerFailed = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try (MemcachedText mc = MemcachedText.connect(memcachedPort, 1)) {
                    while (!stop.get()) {
                        int i = acked.get();
                        String reply = mc.set("live" + i, "live-" + i);
                        if (!"STORED".equals(reply)) {
                            throw new AssertionError("set live" + i + " during the swap answered " + reply);
                        }
                        acked.incrementAndGet();
                    }
                } catch (Throwable t) {
                    writerFailed.set(t);
                }
            }, "memcached-writer");
            writer.start();
            while (acked.get() < WRITES_BEFORE_SWAP && writer.isAlive()) {
                Thread.sleep(10);
            }
            JsonNode report = json(socket, "json swap KeyValueStore lru");
            stop.set(true);
            writer.join();
            if (writerFailed.get() != null) {
                throw new AssertionError("the memcached writer failed during the swap", writerFailed.get());
            }
            System.out.println("karaf: " + report + ", memcached writes acknowledged around it: " + acked.get());
            assertEquals("COMPLETED", report.get("outcome").asText(), report.toString());
            assertEquals("heap", report.get("from").asText());
            assertEquals("lru", report.get("to").asText());
            assertTrue(report.get("entries").asLong() >= ENTRIES + CLIENT_ENTRIES + WRITES_BEFORE_SWAP, "entries moved: " + report);

            assertEquals("checked " + ENTRIES + " missing=0 wrong=0", karaf.shell("echo (fixture:check " + ENTRIES + ")").trim());
            try (MemcachedText mc = MemcachedText.connect(memcachedPort, 1)) {
                for (int i = 0; i < CLIENT_ENTRIES; i++) {
                    assertEquals("value-" + i, mc.get("mc" + i), "mc" + i + " after the swap");
                }
            }
            try (MemcachedText mc = MemcachedText.connect(memcachedPort, 1)) {
                for (int i = 0; i < acked.get(); i++) {
                    assertEquals("live-" + i, mc.get("live" + i), "live" + i + ", acknowledged around the swap");
                }
            }
            String history = karaf.shell("echo (mlos:history)");
            assertTrue(history.contains("heap") && history.contains("lru"), "mlos:history in Karaf's shell: " + history);
            assertEquals("lru", kind(json(socket, "json kinds"), "KeyValueStore").get("active").asText());
        } finally {
            Karaf.deleteTree(control);
        }
    }

    /**
     * JDK 17 (Karaf 4.4 does not run on 25): mlos.karaf.java.home, else Debian's openjdk-17. Without
     * it the test is skipped on a developer's machine and fails under CI (environment CI set), like
     * the other tests that need a tool installed (or with -Dmlos.require.tools=true).
     */
    private static Path jdk17() {
        Path home = Path.of(System.getProperty("mlos.karaf.java.home", "/usr/lib/jvm/java-17-openjdk-amd64"));
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            String why = "Karaf 4.4 needs a JDK 17, not found at " + home + ": install one (Debian: apt-get install "
                    + "openjdk-17-jre-headless; .ci/run does) or name it with -Dmlos.karaf.java.home=<folder>";
            if (System.getenv("CI") != null || Boolean.getBoolean("mlos.require.tools")) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return home;
    }

    /** The kernel's socket, {@code karaf-<pid>.sock}, once core is active. */
    private static Path socket(Path control, Karaf karaf) throws Exception {
        for (int i = 0; i < SOCKET_POLLS; i++) {
            if (Files.isDirectory(control)) {
                try (Stream<Path> s = Files.list(control)) {
                    Optional<Path> found = s.filter(p -> p.getFileName().toString().startsWith("karaf-")).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no control socket in " + control + " after " + SOCKET_POLLS + " s" + karaf.tail());
    }

    private static JsonNode kind(JsonNode kinds, String simpleName) {
        for (JsonNode k : kinds.get("kinds")) {
            if (k.get("simpleName").asText().equals(simpleName)) {
                return k;
            }
        }
        throw new AssertionError("no kind " + simpleName + " in " + kinds);
    }

    private static JsonNode json(Path socket, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Writer out = Channels.newWriter(ch, StandardCharsets.UTF_8);
            out.write(request + "\n");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            StringBuilder reply = new StringBuilder();
            for (String l; (l = in.readLine()) != null; ) {
                reply.append(l).append('\n');
            }
            JsonNode node = new ObjectMapper().readTree(reply.toString());
            if (node.has("error")) {
                throw new AssertionError("'" + request + "' answered " + node);
            }
            return node;
        }
    }
}
