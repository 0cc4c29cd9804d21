package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mlos.launcher.ControlSocket;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.scale.ScaleLock;
import org.mlos.launcher.supervisor.ClusterFiles;

/**
 * {@code mlos cluster up --autoscale cache=1..2}: the autoscaler component of the cache node (not
 * the launcher) reads the load the node publishes, decides, and asks for a change with a sealed
 * scale request; the cluster's supervisor carries it out with the {@code mlos scale} machinery and
 * reports back; every decision and outcome is in the node's journal ({@code mlos journal tail}).
 * A memcached client loads the node: while a (stand-in) manual scale holds the profile, the
 * autoscaler's request is refused, saying so; once it is released, a node is added, and a manual
 * {@code mlos scale} during that change is refused naming the autoscaler's request. The load stops
 * and a node is removed. Bounded by the autoscaler's count of decisions, not by time.
 */
@Timeout(900)
class AutoscaleIT {

    private static final Pattern DECISIONS = Pattern.compile("autoscaler on .*decisions=(\\d+)");
    /** Decisions allowed between the load changing and the journal showing the change (2 samples + slack for a busy machine). */
    private static final int WITHIN_DECISIONS = 40;

    private final String name = "itest-autoscale-" + UUID.randomUUID().toString().substring(0, 8);
    @RegisterExtension
    final ClusterLeftovers leftovers = new ClusterLeftovers(name);
    private final NodeLayout layout = NodeLayout.of(ItestOptions.root());

    @AfterEach
    void down() throws Exception {
        ScaleIT.cli(layout, "cluster", "down", "--name", name);
    }

    @Test
    void theComponentMakesTheNodeCountFollowMemcachedLoadUpAndDownAndJournalsIt() throws Exception {
        String up = ScaleIT.cli(layout, "cluster", "up", "--name", name, "--nodes", "cache=1,worker=1", "--set",
                "mlos.cluster.port=18831", "--autoscale", "cache=1..2", "--autoscale-set", "high.ops=300",
                "--autoscale-set", "low.ops=30", "--autoscale-set", "high.cpu=1", "--autoscale-set", "low.cpu=0.99",
                "--autoscale-set", "samples=2", "--autoscale-set", "cooldown.ms=0", "--autoscale-set", "period.ms=500");
        assertTrue(up.contains("carries out the autoscaler's scale requests") && up.contains("autoscaler on every node"), up);
        ClusterFiles files = ScaleIT.files(up, name);
        // every node has the component; whichever took the cluster's lock leads (and journals)
        ClusterFiles.Entry leader = leader(files);
        long cachePid = files.read().stream().filter(e -> e.profile().equals("cache")).findFirst().orElseThrow().pid();
        Matcher port = Pattern.compile("memcached://127\\.0\\.0\\.1:(\\d+)").matcher(up);
        assertTrue(port.find(), up);

        long quiet = awaitJournal(leader, 1, null); // the component runs and holds while idle
        assertEquals(1, caches(files));

        Load load = new Load(Integer.parseInt(port.group(1)));
        Thread t = new Thread(load, "itest-load");
        long outAt;
        try {
            // a manual scale of cache is under way (it holds the profile's lock, as mlos scale does)
            try (ScaleLock manual = ScaleLock.take(files, "cache", "itest's manual scale")) {
                t.start();
                long refusedAt = awaitJournal(leader, quiet + WITHIN_DECISIONS, "result=refused");
                assertTrue(journal(leader).contains("under way: itest's manual scale"), journal(leader));
                assertEquals(1, caches(files), "refused: nothing changed");
                quiet = refusedAt;
            }
            // released: the next run of high samples adds a node; a manual scale meanwhile is refused
            Path holder = files.dir().resolve(name + "-scale-cache.holder");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            for (int i = 0; !Files.exists(holder) && System.nanoTime() < deadline; i++) {
                if (i % 50 == 49 && decisions(leader) > quiet + WITHIN_DECISIONS) {
                    break;
                }
                Thread.sleep(20);
            }
            assertTrue(Files.exists(holder), "the supervisor took the profile for the autoscaler's request:\n" + journal(leader));
            Cli manual = cliExpectingFailure("scale", "cache", "+1", "--name", name);
            assertEquals(1, manual.exit, manual.out);
            assertTrue(manual.out.contains("is under way: the autoscaler's request"), manual.out);
            outAt = awaitJournal(leader, quiet + WITHIN_DECISIONS, "change=+1 result=done nodes=1->2");
            assertEquals(2, caches(files), journal(leader));
        } finally {
            load.stopped = true;
            t.join(30_000);
        }
        assertTrue(load.ops.get() > 0, "the load generator made requests");
        long inAt = awaitJournal(leader, outAt + WITHIN_DECISIONS, "change=-1 result=done nodes=2->1");
        assertEquals(1, caches(files), journal(leader));

        String status = ScaleIT.cli(layout, "autoscale", "status", "--node", Long.toString(leader.pid()));
        assertTrue(status.contains("autoscaler on leading=true") && status.contains(" outcomes="), status);
        String unnamed = ScaleIT.cli(layout, "autoscale", "status"); // without --node: the leader's, named
        assertTrue(unnamed.contains("(" + leader.profile() + "-" + leader.pid() + "), whose autoscaler leads:")
                && unnamed.contains(status.substring(0, status.indexOf(" rules="))), status + " / " + unnamed);
        String text = ScaleIT.cli(layout, "journal", "tail", "--node", Long.toString(leader.pid()), "-n", "100000");
        System.out.println("autoscaler: out at decision " + outAt + ", in at decision " + inAt + " (" + load.ops.get()
                + " memcached requests made)\n" + text.lines().filter(l -> l.contains("request=") || l.contains("outcome"))
                        .reduce("", (a, b) -> a + b + "\n"));
        assertTrue(text.contains("autoscale leads node="), "the leader says so in the journal");
        assertTrue(Pattern.compile("autoscale decision profile=cache change=\\+1 nodes=1->2 mean_ops=\\d+.*mean_queue=.*"
                + "figures=\\[ pid=" + cachePid + " ops=.* queue=\\d+ \\] request=").matcher(text).find(),
                "the decision journaled with the figures that drove it:\n" + text);
        assertTrue(text.contains("autoscale decision profile=cache change=-1 nodes=2->1"), text);
        assertEquals(2, text.lines().filter(l -> l.contains("result=done")).count(), text);

        // what mlos nodes prints and its JSON, asked of this cluster's node (mlos nodes asks whichever
        // node of the machine it finds first, maybe another cluster's)
        String loads = ControlSocket.request(ControlSocket.of(leader.profile(), leader.pid()), "scale loads");
        assertTrue(Pattern.compile("profile=cache .* queue=\\d+ queues=memcached:\\d+ ").matcher(loads).find(), loads);
        assertTrue(Pattern.compile("profile=worker .* queue=\\d+ queues=sched:\\d+ ").matcher(loads).find(),
                "a worker publishes its scheduler's queue depth:\n" + loads);
        String json = ControlSocket.request(ControlSocket.of(leader.profile(), leader.pid()), "json cluster nodes");
        assertTrue(json.contains("\"load\":{\"state\":\"serving\"") && json.contains("\"queues\":{\"memcached\":"), json);
    }

    private static long caches(ClusterFiles files) throws IOException {
        return files.read().stream().filter(e -> e.profile().equals("cache")).count();
    }

    /** The node whose autoscaler leads, once one says so (each tries every period). */
    private static ClusterFiles.Entry leader(ClusterFiles files) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            seen.setLength(0);
            for (ClusterFiles.Entry e : files.read()) {
                String s = ControlSocket.request(ControlSocket.of(e.profile(), e.pid()), "autoscale status");
                seen.append(e.profile()).append(' ').append(e.pid()).append(": ").append(s);
                if (s.contains("leading=true")) {
                    return e;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no node's autoscaler leads:\n" + seen);
    }

    /** The decisions the node's autoscaler has taken (the journal has each change, not each unchanged hold). */
    private long decisions(ClusterFiles.Entry node) throws IOException {
        Matcher m = DECISIONS.matcher(ControlSocket.request(ControlSocket.of(node.profile(), node.pid()), "autoscale status"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String journal(ClusterFiles.Entry node) throws IOException {
        return ControlSocket.request(ControlSocket.of(node.profile(), node.pid()), "journal tail 100000");
    }

    /**
     * Waits until the node's journal holds an autoscale line with {@code wanted} or the autoscaler
     * has made {@code maxDecisions}; returns the count of decisions at that point.
     */
    private long awaitJournal(ClusterFiles.Entry node, long maxDecisions, String wanted)
            throws IOException, InterruptedException {
        while (true) {
            String text = journal(node);
            long decisions = decisions(node);
            boolean found = wanted != null && text.lines().anyMatch(l -> l.contains(" autoscale ") && l.contains(wanted));
            if (wanted == null && decisions >= maxDecisions || found) {
                return decisions;
            }
            if (decisions > maxDecisions) {
                throw new AssertionError("no '" + wanted + "' within " + maxDecisions + " decisions:\n" + text);
            }
            Thread.sleep(100);
        }
    }

    private record Cli(int exit, String out) {
    }

    private Cli cliExpectingFailure(String... args) throws IOException, InterruptedException {
        Process p = TestCli.of(layout, List.of(args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "mlos " + String.join(" ", args) + " did not end");
        return new Cli(p.exitValue(), out);
    }

    /** Pipelined memcached gets and sets against one node, as fast as it answers, until stopped. */
    private static final class Load implements Runnable {
        final int port;
        final AtomicLong ops = new AtomicLong();
        volatile boolean stopped;

        Load(int port) {
            this.port = port;
        }

        @Override
        public void run() {
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = new BufferedOutputStream(s.getOutputStream());
                InputStream in = new BufferedInputStream(s.getInputStream());
                byte[] batch = ("set load-k 0 0 1\r\nx\r\n" + "get load-k\r\n".repeat(20)).getBytes(StandardCharsets.US_ASCII);
                while (!stopped) {
                    out.write(batch);
                    out.flush();
                    int ends = 0; // one END per get answers the batch
                    int matched = 0;
                    for (int c = 0; ends < 20 && (c = in.read()) != -1;) {
                        matched = c == "END\r\n".charAt(matched) ? matched + 1 : (c == 'E' ? 1 : 0);
                        if (matched == 5) {
                            ends++;
                            matched = 0;
                        }
                    }
                    ops.addAndGet(21);
                }
            } catch (IOException e) {
                // the node went away: the test sees it
            }
        }
    }
}
