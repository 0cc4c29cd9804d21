package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mlos.cluster.api.KetamaRing;
import org.mlos.launcher.ControlSocket;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.supervisor.ClusterFiles;

/**
 * {@code mlos scale} on a supervised local cluster of cache nodes (slab stores behind the durable
 * store, local to each node) under
 * memcached write load from a client that places keys on the ketama ring the cluster publishes:
 * 2 → 3 → 2 nodes, no acknowledged write lost, every key readable through the ring after each move.
 * What {@code cluster up} and {@code mlos scale} print while they run is checked on the way
 * ({@link ProgressLinesCheck}).
 */
@Timeout(600)
class ScaleIT {

    private final String name = "itest-scale-" + UUID.randomUUID().toString().substring(0, 8);
    @RegisterExtension
    final ClusterLeftovers leftovers = new ClusterLeftovers(name);
    private final NodeLayout layout = NodeLayout.of(ItestOptions.root());

    static String cli(NodeLayout layout, String... args) throws IOException, InterruptedException {
        Process p = TestCli.of(layout, List.of(args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "mlos " + String.join(" ", args) + " did not end");
        assertEquals(0, p.exitValue(), "mlos " + String.join(" ", args) + ":\n" + out);
        return out;
    }

    /** The folder of the cluster's files, from the log path {@code cluster up} printed. */
    static ClusterFiles files(String up, String name) {
        Matcher m = Pattern.compile("log (\\S+)/" + Pattern.quote(name) + "-\\w+-1\\.log").matcher(up);
        assertTrue(m.find(), up);
        return new ClusterFiles(Path.of(m.group(1)), name);
    }

    /** Asks the cluster's nodes, in turn, for the ring of {@code profile}. */
    static String ring(ClusterFiles files, String profile) throws IOException {
        IOException last = null;
        for (ClusterFiles.Entry e : files.read()) {
            try {
                String r = ControlSocket.request(ControlSocket.of(e.profile(), e.pid()), "scale ring " + profile);
                if (r.startsWith("ring=")) {
                    return r;
                }
            } catch (IOException ex) {
                last = ex; // a node stopping
            }
        }
        throw new IOException("no node answered the ring", last);
    }

    @AfterEach
    void down() throws Exception {
        cli(layout, "cluster", "down", "--name", name);
    }

    @Test
    void scaleOutAndInUnderWriteLoadLosesNothingAndEveryKeyIsFoundThroughTheRing() throws Exception {
        String up = cli(layout, "cluster", "up", "--name", name, "--nodes", "cache=2", "--supervise", "--set",
                "mlos.cluster.port=18811");
        ClusterFiles files = files(up, name);
        ProgressLinesCheck.clusterUp(up, 2);
        assertEquals(2, RingClient.ring(ring(files, "cache")).servers().size(), ring(files, "cache"));

        // the cluster's store swapped from the profile's default: a node added later runs it too
        String swapped = cli(layout, "swap", "KeyValueStore", "heap", "--cluster", "--node",
                Long.toString(files.read().get(0).pid()));
        assertTrue(swapped.startsWith("COMPLETED"), swapped);

        RingClient writer = new RingClient(() -> ring(files, "cache"), "scale-");
        Thread t = new Thread(writer, "itest-ring-writer");
        t.start();
        try {
            writer.awaitAcked(1_500, Duration.ofSeconds(120));

            String out = cli(layout, "scale", "cache", "+1", "--name", name);
            System.out.println(out);
            KetamaRing three = RingClient.ring(ring(files, "cache"));
            assertEquals(3, three.servers().size(), out);
            assertEquals(3, files.read().size());
            int atOut = writer.acked().size();
            writer.awaitAcked(atOut + 1_500, Duration.ofSeconds(120));
            List<String> lostOut = RingClient.missing(three, writer.acked());
            assertEquals(List.of(), lostOut.subList(0, Math.min(10, lostOut.size())), lostOut.size() + " of "
                    + writer.acked().size() + " acknowledged writes not found through the ring of 3 after scale-out");
            assertTrue(out.contains("moved="), out);
            String addedName = files.read().get(2).name(); // its slot, as every line of the scale names it
            long added = files.read().get(2).pid();
            assertTrue(ControlSocket.request(ControlSocket.of("cache", added), "active").contains("KeyValueStore heap\n"),
                    "the added node runs the store the cluster was swapped to:\n" + out);
            // from the profile's default (durable over slab, as these nodes are supervised)
            String aligned = java.util.regex.Pattern.quote(addedName + " (pid " + added + "): ")
                    + "KeyValueStore \\S+ -> heap, as the other cache nodes run it: COMPLETED";
            assertTrue(out.lines().anyMatch(l -> l.matches(aligned)), out);
            ProgressLinesCheck.scaleOut(out);

            String in = cli(layout, "scale", "cache", "-1", "--name", name);
            System.out.println(in);
            ProgressLinesCheck.scaleIn(in);
            int atIn = writer.acked().size();
            writer.awaitAcked(atIn + 1_500, Duration.ofSeconds(120));
        } finally {
            writer.stop();
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertNull(writer.error());
        KetamaRing two = RingClient.ring(ring(files, "cache"));
        assertEquals(2, two.servers().size());
        assertEquals(2, files.read().size(), "the cluster's node list follows");
        List<String> acked = writer.acked();
        List<String> lost = RingClient.missing(two, acked);
        System.out.println("scale 2->3->2 under write load: " + acked.size() + " acknowledged writes, " + writer.retries()
                + " retried, " + lost.size() + " not found through the ring");
        assertEquals(List.of(), lost.subList(0, Math.min(10, lost.size())), lost.size() + " of " + acked.size()
                + " acknowledged writes lost");
        // supervised: the added node was supervised like the others, the drained one was not restarted
        String supervisor = java.nio.file.Files.readString(files.dir().resolve(name + "-supervisor.log"));
        assertTrue(!supervisor.contains("restarting"), supervisor);
        assertEquals(2, files.read().stream().filter(e -> e.node() != null && e.node().args().stream()
                .anyMatch(a -> a.startsWith("mlos.fault.dir="))).count(), "every node keeps a data folder of its own");
        String nodes = ControlSocket.request(ControlSocket.of("cache", files.read().get(0).pid()), "cluster nodes --lines");
        assertEquals(2, nodes.lines().filter(l -> l.contains("profile=cache")).count(), nodes);

        // a node the supervisor restarts boots on the profile's default, then runs the cluster's store again
        long killed = files.read().get(1).pid();
        ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);
        String active = "";
        for (int i = 0; i < 600 && !active.contains("KeyValueStore heap\n"); i++) {
            Thread.sleep(100);
            long now = files.read().get(1).pid();
            if (now != killed) {
                try {
                    active = ControlSocket.request(ControlSocket.of("cache", now), "active");
                } catch (IOException booting) {
                    active = "";
                }
            }
        }
        Path supervisorLog = files.dir().resolve(name + "-supervisor.log");
        String log = java.nio.file.Files.readString(supervisorLog);
        assertTrue(active.contains("KeyValueStore heap\n"), "the restarted node runs " + active + "\n" + log);
        // the supervisor tells it once the swap has answered: a moment after the node runs it
        for (int i = 0; i < 300 && !log.contains("-> heap, as the other cache nodes run it: COMPLETED"); i++) {
            Thread.sleep(100);
            log = java.nio.file.Files.readString(supervisorLog);
        }
        assertTrue(log.contains("-> heap, as the other cache nodes run it: COMPLETED"), log);
    }
}
