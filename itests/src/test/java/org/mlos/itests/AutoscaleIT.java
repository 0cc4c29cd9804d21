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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.supervisor.ClusterFiles;

/**
 * {@code mlos cluster up --autoscale cache=1..2}: a memcached client loads the cache node, the
 * node publishes its own ops/s, and the autoscaler adds a node; the load stops and it removes
 * one. Bounded by the autoscaler's count of decisions, not by time: each change must come
 * within a few decisions of the load changing.
 */
@Timeout(600)
class AutoscaleIT {

    private static final Pattern DECISIONS = Pattern.compile("decisions=(\\d+)");
    /** Decisions allowed between the load changing and the node count following it (2 samples + slack for a busy machine). */
    private static final int WITHIN_DECISIONS = 30;

    private final String name = "itest-autoscale-" + UUID.randomUUID().toString().substring(0, 8);
    private final NodeLayout layout = NodeLayout.of(ItestOptions.root());

    @AfterEach
    void down() throws Exception {
        ScaleIT.cli(layout, "cluster", "down", "--name", name);
    }

    @Test
    void theNodeCountFollowsMemcachedLoadUpAndDown() throws Exception {
        String up = ScaleIT.cli(layout, "cluster", "up", "--name", name, "--nodes", "cache=1", "--set",
                "mlos.cluster.port=18831", "--autoscale", "cache=1..2", "--autoscale-set", "high.ops=300",
                "--autoscale-set", "low.ops=30", "--autoscale-set", "high.cpu=1", "--autoscale-set", "low.cpu=0.99",
                "--autoscale-set", "samples=2", "--autoscale-set", "cooldown.ms=0", "--autoscale-set", "period.ms=500");
        assertTrue(up.contains("autoscaler pid"), up);
        ClusterFiles files = ScaleIT.files(up, name);
        Path log = files.dir().resolve(name + "-autoscaler.log");
        Matcher port = Pattern.compile("memcached://127\\.0\\.0\\.1:(\\d+)").matcher(up);
        assertTrue(port.find(), up);

        long quiet = awaitDecisions(log, 1, null); // the autoscaler runs and holds while idle
        assertEquals(1, files.read().size());

        Load load = new Load(Integer.parseInt(port.group(1)));
        Thread t = new Thread(load, "itest-load");
        t.start();
        long outAt;
        try {
            outAt = awaitDecisions(log, quiet + WITHIN_DECISIONS, "nodes=1->2 ");
            assertEquals(2, files.read().size(), Files.readString(log));
        } finally {
            load.stopped = true;
            t.join(30_000);
        }
        assertTrue(load.ops.get() > 0, "the load generator made requests");
        long inAt = awaitDecisions(log, outAt + WITHIN_DECISIONS, "nodes=2->1 ");
        assertEquals(1, files.read().size(), Files.readString(log));
        String text = Files.readString(log);
        System.out.println("autoscaler: out at decision " + outAt + ", in at decision " + inAt + " (" + load.ops.get()
                + " memcached requests made)\n" + text.lines().filter(l -> l.contains("change")).reduce("", (a, b) -> a + b + "\n"));
        assertTrue(text.contains("mean_ops="), "each decision logged with its figures");
        assertEquals(2, text.lines().filter(l -> l.contains(" changed profile=cache")).count(), text);
    }

    /**
     * Waits until the log holds a line with {@code change} (a completed change) or the autoscaler has
     * made {@code maxDecisions}; returns the count of decisions at that point.
     */
    private static long awaitDecisions(Path log, long maxDecisions, String change) throws IOException, InterruptedException {
        while (true) {
            long decisions = 0;
            boolean changed = false;
            if (Files.exists(log)) {
                for (String l : Files.readAllLines(log)) {
                    Matcher m = DECISIONS.matcher(l);
                    if (l.contains(" decision ") && m.find()) {
                        decisions = Long.parseLong(m.group(1));
                    }
                    changed |= change != null && l.contains(" changed ") && l.contains(change);
                }
            }
            if (change == null && decisions >= maxDecisions) {
                return decisions;
            }
            if (changed) {
                return decisions;
            }
            if (decisions > maxDecisions) {
                throw new AssertionError("no change " + change + " within " + maxDecisions + " decisions:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
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
