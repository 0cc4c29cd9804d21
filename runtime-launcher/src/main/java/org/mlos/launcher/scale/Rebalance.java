package org.mlos.launcher.scale;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;

/**
 * A scale-out's move of keys to the new nodes: once the registry lists them (joining), each
 * serving node sends the items the ring with them gives them; they go on the ring; after the
 * grace period for clients to see it, each serving node sends what was stored since its first
 * pass began, and the move ends.
 */
final class Rebalance {

    private final long graceMs;
    private final ScaleProgress progress;

    Rebalance(long graceMs, ScaleProgress progress) {
        this.graceMs = graceMs;
        this.progress = progress;
    }

    /** Told each new node that went on the ring ({@code scale serve} answered {@code serving}). */
    interface Serving {
        void served(NodeProcess node) throws IOException, InterruptedException;
    }

    long run(List<ClusterFiles.Entry> staying, List<NodeProcess> joining, Map<NodeProcess, SupervisedNode> specs,
            List<Long> pids, Serving serving)
            throws IOException, InterruptedException {
        String joined = pids.stream().map(String::valueOf).collect(Collectors.joining(","));
        ClusterFiles.Entry asked = staying.get(0);
        int want = staying.size() + joining.size();
        progress.step("waiting for the registry to list the new nodes");
        awaitRing(asked, "scale ring " + asked.profile() + " --joining " + joined, want, Duration.ofSeconds(30),
                "the new nodes did not appear in the registry within 30 s");
        String move = UUID.randomUUID().toString();
        long moved = 0;
        List<Long> since = new ArrayList<>();
        for (int i = 0; i < staying.size(); i++) {
            ClusterFiles.Entry e = staying.get(i);
            progress.step("copying keys to the new nodes, pass 1", i, staying.size(), "done", moved, "copied",
                    LocalScaler.detail(e));
            String r = NodeRequests.expect(e, "scale rebalance --move " + move + " --joining " + joined, "rebalanced");
            moved += passed(e, r, 1);
            since.add(NodeRequests.field(r, "started") - 1);
        }
        progress.step("putting the new nodes on the ring");
        for (NodeProcess p : joining) {
            NodeRequests.serve(NodeRequests.listed(p, specs.get(p)));
            serving.served(p);
        }
        progress.step("grace of " + graceMs + " ms for clients to see the ring");
        Thread.sleep(graceMs); // clients that follow the ring take the new nodes
        // Pass 2's owners are the ring the registry lists: a new node killed during the grace was
        // missing from it, so pass 2 moved and dropped nothing, the old nodes kept their copies of
        // the keys moved to it, and a key deleted at it came back at the next scale-in (an
        // outsider's re-check, 200 of 200). So the new nodes must be on the ring (a supervisor's
        // restart serves on the same port) before pass 2; else the move fails, saying so.
        awaitRing(asked, "scale ring " + asked.profile(), want, BACK_ON_RING, "a new node left the ring during the grace"
                + " (it died?) and was not back within " + BACK_ON_RING.toSeconds() + " s; the move was not ended: the old"
                + " nodes keep their copies of the keys moved to it, and a key deleted at it since may come back;"
                + " 'mlos nodes' shows the cluster");
        for (int i = 0; i < staying.size(); i++) {
            ClusterFiles.Entry e = staying.get(i);
            progress.step("copying keys stored since, pass 2", i, staying.size(), "done", moved, "copied",
                    LocalScaler.detail(e));
            String r = NodeRequests.expect(e, "scale rebalance --move " + move + " --joining " + joined + " --since " + since.get(i)
                    + " --end", "rebalanced");
            moved += passed(e, r, 2);
        }
        return moved;
    }

    /** The keys a node's pass moved; told once as an event. */
    private long passed(ClusterFiles.Entry e, String reply, int pass) {
        long n = NodeRequests.field(reply, "moved");
        progress.event(String.format(java.util.Locale.ROOT, "%s (pid %d) copied %,d keys to the new nodes (pass %d)", e.name(), e.pid(), n, pass));
        return n;
    }

    /** How long a new node that died during the grace has to be back (a supervisor restarts one in 3–8 s). */
    static final Duration BACK_ON_RING = Duration.ofSeconds(60);

    private void awaitRing(ClusterFiles.Entry asked, String request, int servers, Duration within, String failure)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String ring = "";
        while (System.nanoTime() < deadline) {
            ring = NodeRequests.request(asked, request);
            if (ring.startsWith("ring=") && ring.trim().substring(5).split(" ").length >= servers) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(failure + ": " + ring.trim());
    }

}
