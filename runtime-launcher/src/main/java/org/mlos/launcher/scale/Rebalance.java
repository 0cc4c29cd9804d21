package org.mlos.launcher.scale;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.supervisor.ClusterFiles;

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

    long run(List<ClusterFiles.Entry> staying, List<NodeProcess> joining, List<Long> pids, Serving serving)
            throws IOException, InterruptedException {
        String joined = pids.stream().map(String::valueOf).collect(Collectors.joining(","));
        ClusterFiles.Entry asked = staying.get(0);
        int want = staying.size() + joining.size();
        progress.step("waiting for the registry to list the new nodes");
        awaitRing(asked, "scale ring " + asked.profile() + " --joining " + joined, want);
        String move = UUID.randomUUID().toString();
        long moved = 0;
        List<Long> since = new ArrayList<>();
        for (int i = 0; i < staying.size(); i++) {
            ClusterFiles.Entry e = staying.get(i);
            progress.step("copying keys to the new nodes, pass 1", i, staying.size(), "done", moved, "copied",
                    LocalScaler.detail(e.profile(), e.pid()));
            String r = NodeRequests.expect(e, "scale rebalance --move " + move + " --joining " + joined, "rebalanced");
            moved += passed(e, r, 1);
            since.add(NodeRequests.field(r, "started") - 1);
        }
        progress.step("putting the new nodes on the ring");
        for (NodeProcess p : joining) {
            NodeRequests.serve(p.profile(), p.pid());
            serving.served(p);
        }
        progress.step("grace of " + graceMs + " ms for clients to see the ring");
        Thread.sleep(graceMs); // clients that follow the ring take the new nodes
        for (int i = 0; i < staying.size(); i++) {
            ClusterFiles.Entry e = staying.get(i);
            progress.step("copying keys stored since, pass 2", i, staying.size(), "done", moved, "copied",
                    LocalScaler.detail(e.profile(), e.pid()));
            String r = NodeRequests.expect(e, "scale rebalance --move " + move + " --joining " + joined + " --since " + since.get(i)
                    + " --end", "rebalanced");
            moved += passed(e, r, 2);
        }
        return moved;
    }

    /** The keys a node's pass moved; told once as an event. */
    private long passed(ClusterFiles.Entry e, String reply, int pass) {
        long n = NodeRequests.field(reply, "moved");
        progress.event(String.format(java.util.Locale.ROOT, "pid %d copied %,d keys to the new nodes (pass %d)", e.pid(), n, pass));
        return n;
    }

    private void awaitRing(ClusterFiles.Entry asked, String request, int servers) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String ring = "";
        while (System.nanoTime() < deadline) {
            ring = NodeRequests.request(asked.profile(), asked.pid(), request);
            if (ring.startsWith("ring=") && ring.trim().substring(5).split(" ").length >= servers) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the new nodes did not appear in the registry within 30 s: " + ring.trim());
    }

}
