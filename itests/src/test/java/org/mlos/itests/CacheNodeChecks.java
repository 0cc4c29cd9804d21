package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.process.ReadyLine;

/**
 * A cache profile as users run it: a node process, spoken to over TCP on 127.0.0.1. One subclass
 * per profile that serves memcached with a store of its own ({@link CacheNodeIT},
 * {@link StandaloneCacheNodeIT}).
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CacheNodeChecks {

    NodeProcess node;
    ReadyLine ready;
    int port;

    /** The profile under test. */
    abstract String profile();

    @BeforeAll
    void start() throws IOException {
        node = NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile(), List.of("--port", "0",
                "--set", "mlos.cluster.name=itest-" + java.util.UUID.randomUUID(), "--set", "mlos.cluster.port=15901"),
                List.of(), null);
        ready = node.awaitReady(Duration.ofSeconds(90));
        port = ready.port("memcached");
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void memccapableConformanceSuitePasses() throws Exception {
        String tool = find("memccapable", "memcapable");
        if (tool == null) {
            String why = "memccapable not found: install libmemcached-tools (apt-get install -y libmemcached-tools)";
            if (System.getenv("CI") != null || Boolean.getBoolean("mlos.require.tools")) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        Process p = new ProcessBuilder(tool, "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", "5")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "memccapable finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("All tests passed"), out);
        assertEquals(54, out.split("\\[pass\\]", -1).length - 1, "all 54 tests (27 text, 27 binary) passed:\n" + out);
    }

    /**
     * Random bytes and mutations of valid commands (flipped bytes, cut short, huge or negative
     * numbers, spliced streams), each on its own connection, bounded in count and time. After each
     * the node must still answer {@code version}.
     */
    @Test
    void fuzzedCommandStreamsNeverTakeTheNodeDown() throws Exception {
        Random random = new Random(Long.getLong("mlos.fuzz.seed", 20261126L));
        String[] valid = { "set k 0 0 5\r\nhello\r\n", "get k\r\n", "gets k a b c\r\n", "add a 1 2 3\r\nabc\r\n",
                "cas k 0 0 1 99\r\nx\r\n", "incr n 5\r\n", "decr n 18446744073709551615\r\n", "touch k 10\r\n",
                "gat 10 k\r\n", "flush_all 0\r\n", "delete k noreply\r\n", "stats items\r\n", "verbosity 1\r\n",
                "append k 0 0 2\r\nzz\r\n" };
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int streams = 0;
        for (; streams < 400 && System.nanoTime() < deadline; streams++) {
            byte[] stream = streams % 4 == 0 ? randomBytes(random) : mutated(random, valid);
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(50);
                OutputStream out = s.getOutputStream();
                out.write(stream);
                out.flush();
                drain(s.getInputStream());
            } catch (IOException closedByServer) {
                // closing a connection that sent nonsense is the node's right
            }
            if (streams % 10 == 0) {
                assertAnswersVersion("after fuzz stream " + streams);
            }
        }
        assertAnswersVersion("after " + streams + " fuzz streams");
        assertTrue(node.isAlive());
    }

    @Test
    void theStoreSwapsUnderTrafficThroughTheControlSocket() throws Exception {
        String[] order = { "heap", "log", "slab", "heap" }; // the profile starts on slab
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            int value = 0;
            for (String impl : order) {
                java.util.concurrent.CompletableFuture<String> swap = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return node.request("swap KeyValueStore " + impl);
                    } catch (IOException e) {
                        return "error: " + e;
                    }
                });
                while (!swap.isDone() || value % 500 != 0) {
                    String v = Integer.toString(value);
                    out.write(("set swap" + (value % 500) + " 0 0 " + v.length() + "\r\n" + v + "\r\nget swap" + (value % 500)
                            + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    String expected = "STORED\r\nVALUE swap" + (value % 500) + " 0 " + v.length() + "\r\n" + v + "\r\nEND\r\n";
                    assertEquals(expected, read(in, expected.length()), "during the swap to " + impl);
                    value++;
                }
                String reply = swap.get(60, TimeUnit.SECONDS);
                assertTrue(reply.contains("COMPLETED"), "swap to " + impl + ": " + reply);
            }
            String kinds = node.request("kinds");
            assertTrue(kinds.matches("(?s).*KeyValueStore\\s+heap\\s.*"), "heap serves at the end:\n" + kinds);
        }
    }

    private void assertAnswersVersion(String when) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("version\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String reply = read(s.getInputStream(), "VERSION ".length());
            assertEquals("VERSION ", reply, when);
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[1 + random.nextInt(8192)];
        random.nextBytes(b);
        return b;
    }

    private static byte[] mutated(Random random, String[] valid) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(valid[random.nextInt(valid.length)]);
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        switch (random.nextInt(5)) {
            case 0 -> { // flip some bytes
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length)); // cut short
            case 2 -> b = new String(b, StandardCharsets.ISO_8859_1).replaceFirst(" \\d+\r\n", " 99999999999999999999\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            case 3 -> b = new String(b, StandardCharsets.ISO_8859_1).replaceFirst(" 0 ", " -1 ")
                    .getBytes(StandardCharsets.ISO_8859_1);
            default -> { // a binary header spliced in front
                byte[] h = new byte[24 + b.length];
                h[0] = (byte) 0x80;
                h[1] = (byte) random.nextInt(256);
                random.nextBytes(java.util.Arrays.copyOfRange(h, 2, 24));
                System.arraycopy(b, 0, h, 24, b.length);
                b = h;
            }
        }
        return b;
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // discard replies until the node goes quiet
            }
        } catch (SocketTimeoutException quiet) {
            // done
        }
    }

    private static String read(InputStream in, int length) throws IOException {
        byte[] b = in.readNBytes(length);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static String find(String... names) {
        for (String name : names) {
            for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }
}
