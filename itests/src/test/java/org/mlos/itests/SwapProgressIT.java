package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.mlos.itests.fixture.gate.GatedStart;
import org.mlos.launcher.process.NodeProcess;

/**
 * {@code mlos swap} against a real cache node printed only "waiting for the reply" while a large
 * swap ran. Now it prints the node's progress: a node whose live copy is capped at 4,000 entries a
 * second ({@code mlos.kernel.copy.rate}) holds 20,000 items, so the copy takes at least 5 s on any
 * machine, and the command must print pre-copy lines with counts that grow up to the total. A swap
 * of an empty store, quicker than the first poll, prints nothing extra. The same across a cluster
 * of two such nodes: {@code mlos swap --cluster} prints the coordinator's node-by-node lines, with
 * the copy of the node in flight.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwapProgressIT {

    private static final int ITEMS = 20_000;
    private static final int RATE = 4_000;
    private static final Pattern PROGRESS = Pattern.compile(
            "mlos:   swap KeyValueStore (\\w+) -> (\\w+): pre-copy pass 1, ([\\d,]+)/([\\d,]+) entries, \\d+\\.\\d s");

    private static final Pattern CLUSTER_PROGRESS = Pattern.compile("mlos:   swap KeyValueStore -> lru \\(rolling\\): swap, "
            + "([01])/2 nodes done, 1 in flight, ([01]) pending, \\d+\\.\\d s(; [0-9a-f]{8}: (.*))?");

    private static final NodeLayout LAYOUT = NodeLayout.of(ItestOptions.root());
    private static final String CLUSTER = "itest-progress-" + java.util.UUID.randomUUID();
    private static ClusterCredentials credentials;
    private static NodeProcess node;
    private static NodeProcess second;
    private static int port;
    /** Where the test opens each node's gate for the gated bundle's start (see {@link GatedStart}). */
    private static Path gate;

    @BeforeAll
    static void start() throws Exception {
        credentials = ClusterCredentials.create();
        gate = Files.createTempDirectory("mlos-itest-gate-");
        gate.toFile().deleteOnExit();
        node = startNode();
        port = node.awaitReady(Duration.ofSeconds(120)).port("memcached");
    }

    private static NodeProcess startNode() throws IOException {
        List<String> args = new ArrayList<>(List.of("-p", "0", "--set", "mlos.kernel.copy.rate=" + RATE,
                "--set", "mlos.cluster.name=" + CLUSTER, "--set", "mlos.cluster.port=17431",
                "--set", GatedStart.GATE_PROPERTY + "=" + gate));
        args.addAll(credentials.nodeArgs());
        return NodeProcess.start(LAYOUT, "cache", args, List.of(), null);
    }

    @AfterAll
    static void stop() {
        for (NodeProcess n : new NodeProcess[] { node, second }) {
            if (n != null) {
                n.stop(Duration.ofSeconds(10));
            }
        }
    }

    /** Runs {@code mlos <args>} as a process; its exit code, standard output and standard error. */
    record Cli(int exit, String out, String err) {
    }

    static Cli cli(String... args) throws IOException, InterruptedException {
        Path err = Files.createTempFile("mlos-cli", ".err");
        try {
            Process p = TestCli.of(LAYOUT, List.of(args)).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mlos " + String.join(" ", args) + " did not end");
            return new Cli(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Test
    @Order(1)
    void aSwapQuickerThanTheFirstPollPrintsOnlyItsReport() throws Exception {
        Cli c = cli("swap", "KeyValueStore", "lru", "--node", Long.toString(node.pid()));
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().startsWith("COMPLETED"), c.out());
        long totalMicros = Long.parseLong(field(c.out(), "total_us"));
        // The first poll comes after 1 s: a swap well under it leaves nothing on standard error.
        if (totalMicros < 700_000) {
            assertEquals("", c.err(), "a short swap printed: " + c.err());
        }
    }

    @Test
    @Order(2)
    void aLargeSwapPrintsProgressLinesWhoseCountsGrowToTheTotal() throws Exception {
        fill(port, "p", ITEMS);
        Cli c = cli("swap", "KeyValueStore", "heap", "--node", Long.toString(node.pid()));
        System.out.println("SwapProgressIT: mlos swap printed\n" + c.err() + c.out());
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().startsWith("COMPLETED org.mlos.mem.api.KeyValueStore lru -> heap"), c.out());
        assertEquals(Integer.toString(ITEMS), field(c.out(), "entries"));

        List<Long> counts = new ArrayList<>();
        for (String line : c.err().lines().toList()) {
            Matcher m = PROGRESS.matcher(line);
            if (m.matches()) {
                assertEquals("lru", m.group(1), line);
                assertEquals("heap", m.group(2), line);
                assertEquals(ITEMS, number(m.group(4)), "the total is the store's size: " + line);
                counts.add(number(m.group(3)));
            }
        }
        // At most 4,000 a second, 20,000 entries: the copy runs 5 s, polled every second from 1 s on.
        assertTrue(counts.size() >= 2, "progress lines on standard error:\n" + c.err());
        for (int i = 1; i < counts.size(); i++) {
            assertTrue(counts.get(i) >= counts.get(i - 1), "counts went back: " + counts);
        }
        assertTrue(counts.get(counts.size() - 1) <= ITEMS, counts.toString());
        assertTrue(counts.get(0) < ITEMS, "the first line came during the copy: " + counts);
        try (Socket s = new Socket("127.0.0.1", port)) {
            assertEquals("VALUE p" + (ITEMS - 1) + " 0 5\r\nvalue\r\nEND\r\n", request(s, "get p" + (ITEMS - 1) + "\r\n", "END\r\n"));
        }
    }

    @Test
    @Order(3)
    void theNodeListsNoSwapOnceItEnded() throws Exception {
        Cli c = cli("swaps", "--node", Long.toString(node.pid()));
        assertEquals(0, c.exit(), c.out() + c.err());
        assertEquals("no swap under way\n", c.out());
        Cli json = cli("swaps", "--json", "--node", Long.toString(node.pid()));
        assertEquals("{\"swaps\":[]}\n", json.out());
    }

    @Test
    @Order(4)
    void aClusterSwapPrintsTheCoordinatorsNodeByNodeLines() throws Exception {
        twoNodes();

        // The first node holds 20,000 items (heap, from the test before): its part takes 5 s or more.
        Cli c = cli("swap", "KeyValueStore", "lru", "--cluster", "--node", Long.toString(node.pid()));
        System.out.println("SwapProgressIT: mlos swap --cluster printed\n" + c.err() + c.out());
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().startsWith("COMPLETED"), c.out());
        List<String> summaries = c.err().lines().filter(l -> CLUSTER_PROGRESS.matcher(l).matches()).toList();
        assertTrue(summaries.size() >= 2, "node-by-node lines on standard error:\n" + c.err());
        long doneLines = c.err().lines().filter(l -> l.matches("mlos:     \\S+ \\(cache\\) swap: COMPLETED \\d+ ms")).count();
        // The node in flight tells how far its own swap has got: the full one copies for 5 s or more.
        assertTrue(summaries.stream().anyMatch(l -> l.matches(".*; [0-9a-f]{8}: pre-copy pass 1, [\\d,]+/20,000 entries, "
                + "\\d+\\.\\d s")), "no line told the node's own progress:\n" + c.err());
        // A node done while the other swaps is named once, with its outcome.
        boolean oneDone = summaries.stream().anyMatch(l -> l.contains(", 1/2 nodes done"));
        assertTrue(oneDone ? doneLines >= 1 : doneLines <= 2, c.err());
        assertTrue(doneLines <= 2, c.err());
        assertEquals("", node.request("cluster progress --lines").strip(), "nothing under way after");
    }

    @Test
    @Order(5)
    void anAtomicClusterSwapPrintsItsPhases() throws Exception {
        // The first node holds the 20,000 items (now in lru): its part of the swap phase takes 5 s or more.
        Cli c = cli("swap", "KeyValueStore", "heap", "--cluster", "--strategy", "atomic", "--node", Long.toString(node.pid()));
        System.out.println("SwapProgressIT: mlos swap --cluster --strategy atomic printed\n" + c.err() + c.out());
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().startsWith("COMPLETED"), c.out());
        List<String> swapping = c.err().lines().filter(l -> l.matches("mlos:   swap KeyValueStore -> heap \\(atomic\\): swap, "
                + "[01]/2 nodes done, [12] in flight, 0 pending, \\d+\\.\\d s.*")).toList();
        assertTrue(swapping.size() >= 2, "the swap phase, node by node:\n" + c.err());
        assertTrue(swapping.stream().anyMatch(l -> l.matches(".*; [0-9a-f]{8}: pre-copy pass 1, [\\d,]+/20,000 entries, "
                + "\\d+\\.\\d s")), "no line told the node's own progress:\n" + c.err());
        // Both nodes were ready at prepare: their READY lines are printed once each if the poll saw them.
        assertTrue(c.err().lines().filter(l -> l.contains(" prepare: READY ")).count() <= 2, c.err());
    }

    @Test
    @Order(6)
    void aRolloutPrintsNodesDoneAndInFlightAndEachOutcomeOnce() throws Exception {
        String registry = twoNodes();
        String firstId = idOf(registry, node.pid());
        String secondId = idOf(registry, second.pid());
        // The gated bundle starts on a node only once the test opens that node's gate: the install
        // phase lasts exactly as long as the test wants, and its lines are checked at known points.
        Path jar = ItestOptions.fixtureJar("fixture-gate");
        // both nodes asked together (one at a time is the default), each gated on its own
        try (StreamingCli c = StreamingCli.start(LAYOUT, "rollout", jar.toString(), "--profile", "cache", "--key",
                credentials.privateKeyFile().toString(), "--node", Long.toString(node.pid()), "--all-at-once")) {
            Matcher a = c.await(rolloutLine(0, 2, 0), Duration.ofSeconds(60));
            Matcher b = c.await(rolloutLine(0, 2, 0), Duration.ofSeconds(60));
            assertTrue(Double.parseDouble(b.group(1)) > Double.parseDouble(a.group(1)), "time goes on: " + a.group() + " then "
                    + b.group());

            Files.createFile(gate.resolve(Long.toString(node.pid())));
            c.await(rolloutLine(1, 1, 0), Duration.ofSeconds(60));
            Matcher done = c.await(INSTALLED, Duration.ofSeconds(60));
            assertEquals(firstId, done.group(1), "the node whose gate opened is the one done: " + done.group());
            c.await(rolloutLine(1, 1, 0), Duration.ofSeconds(60)); // and it stays done, the other in flight

            Files.createFile(gate.resolve(Long.toString(second.pid())));
            Cli r = c.finish(Duration.ofSeconds(120));
            System.out.println("SwapProgressIT: mlos rollout printed\n" + r.err() + r.out());
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().startsWith("ROLLED_OUT org.mlos.itests.fixture.gate "), r.out());
            assertTrue(r.out().contains(" to profile cache nodes=2 "), r.out());
            assertEquals(2, r.out().lines().filter(l -> l.matches("  \\S+ +INSTALLED +\\d+ ms")).count(), r.out());

            // Each node's outcome is printed once at most (the second's only if a poll came before the reply).
            List<String> outcomes = r.err().lines().filter(l -> INSTALLED.matcher(l).matches()).toList();
            assertEquals(1, outcomes.stream().filter(l -> l.contains(firstId)).count(), r.err());
            assertTrue(outcomes.stream().filter(l -> l.contains(secondId)).count() <= 1, r.err());
            assertEquals(outcomes.size(), outcomes.stream().filter(l -> l.contains(firstId) || l.contains(secondId)).count(),
                    r.err());
            // Nodes done only grow from line to line.
            List<Integer> doneCounts = r.err().lines().map(l -> ROLLOUT.matcher(l)).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).toList();
            for (int i = 1; i < doneCounts.size(); i++) {
                assertTrue(doneCounts.get(i) >= doneCounts.get(i - 1), "nodes done went back: " + doneCounts);
            }
        }
        assertEquals("", node.request("cluster progress --lines").strip(), "nothing under way after");
    }

    private static final Pattern ROLLOUT = Pattern.compile("mlos:   rollout org\\.mlos\\.itests\\.fixture\\.gate \\S+ to profile cache: "
            + "install, (\\d)/2 nodes done, \\d in flight, \\d pending, \\d+\\.\\d s");
    private static final Pattern INSTALLED = Pattern.compile("mlos:     (\\S+) \\(cache\\) install: INSTALLED \\d+ ms");

    /** The rollout's summary line with these counts; group 1 is the time. */
    private static Pattern rolloutLine(int done, int inFlight, int pending) {
        return Pattern.compile("mlos:   rollout org\\.mlos\\.itests\\.fixture\\.gate \\S+ to profile cache: install, " + done
                + "/2 nodes done, " + inFlight + " in flight, " + pending + " pending, (\\d+\\.\\d) s");
    }

    /** Starts the second node if no test did yet; the registry once it lists both. */
    private static String twoNodes() throws Exception {
        if (second == null) {
            second = startNode();
            second.awaitReady(Duration.ofSeconds(120));
        }
        // Bounded poll: the two registry entries are published within seconds of the join.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String registry = "";
        while (System.nanoTime() < deadline) {
            registry = node.request("cluster nodes --lines");
            if (registry.lines().filter(l -> l.contains("profile=cache")).count() == 2) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(2, registry.lines().filter(l -> l.contains("profile=cache")).count(), registry);
        return registry;
    }

    private static String idOf(String registry, long pid) {
        Matcher m = Pattern.compile("node id=(\\S+) profile=cache .* pid=" + pid + " .*").matcher("");
        return registry.lines().map(m::reset).filter(Matcher::matches).map(x -> x.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError("no node of pid " + pid + " in\n" + registry));
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    private static String field(String report, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\S+)").matcher(report);
        assertTrue(m.find(), name + " in " + report);
        return m.group(1);
    }

    /** Sets {@code items} keys {@code <prefix><i>} to "value" on a memcached port, acknowledged every thousand. */
    static void fill(int port, String prefix, int items) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < items; i++) {
                out.write(("set " + prefix + i + " 0 0 5 noreply\r\nvalue\r\n").getBytes(StandardCharsets.US_ASCII));
                if (i % 1_000 == 999) {
                    assertEquals("MN\r\n", request(s, "mn\r\n", "\r\n"));
                }
            }
            assertEquals("MN\r\n", request(s, "mn\r\n", "\r\n"));
        }
    }

    static String request(Socket s, String line, String end) throws IOException {
        s.getOutputStream().write(line.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        StringBuilder reply = new StringBuilder();
        while (!reply.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after '" + reply + "'");
            }
            reply.append((char) b);
        }
        return reply.toString();
    }
}
