package org.mlos.cluster.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.mlos.cluster.api.ClusterProgress;
import org.mlos.cluster.api.ClusterProgress.NodeProgress;
import org.mlos.cluster.api.ClusterProgress.State;

/**
 * One cluster operation under way. Written by its coordinating thread (and the callbacks it
 * drives), read by anyone: each change publishes a new immutable picture (phase and every node
 * together), so a reader never sees a phase beside the node states of another.
 */
public final class Operation {

    private final String operation;
    private final String subject;
    private final String kind;
    private final long startedNanos = System.nanoTime();
    private final long startedWall = System.currentTimeMillis();
    private final List<String> ids;
    private final List<String> profiles;
    private volatile Picture picture;

    private record Picture(String phase, List<NodeProgress> nodes) {
    }

    Operation(String operation, String subject, String kind, String phase, List<String> ids, List<String> profiles) {
        if (ids.size() != profiles.size()) {
            throw new IllegalArgumentException(ids.size() + " node ids but " + profiles.size() + " profiles");
        }
        this.operation = operation;
        this.subject = subject;
        this.kind = kind;
        this.ids = List.copyOf(ids);
        this.profiles = List.copyOf(profiles);
        this.picture = new Picture(phase, every(State.PENDING));
    }

    private List<NodeProgress> every(State state) {
        List<NodeProgress> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            out.add(new NodeProgress(ids.get(i), profiles.get(i), state, null, 0, null, null));
        }
        return out;
    }

    /** A new phase: every node pending, or (when all are asked at once) in flight. */
    public synchronized void phase(String phase, boolean allAsked) {
        picture = new Picture(phase, every(allAsked ? State.IN_FLIGHT : State.PENDING));
    }

    /** The {@code i}-th node was asked. */
    public synchronized void asked(int i) {
        set(i, new NodeProgress(ids.get(i), profiles.get(i), State.IN_FLIGHT, null, 0, null, null));
    }

    /** The {@code i}-th node answered, or was given up on. */
    public synchronized void done(int i, String outcome, long millis, String reason) {
        set(i, new NodeProgress(ids.get(i), profiles.get(i), State.DONE, outcome, millis, reason, null));
    }

    private void set(int i, NodeProgress n) {
        Picture p = picture;
        List<NodeProgress> nodes = new ArrayList<>(p.nodes());
        nodes.set(i, n);
        picture = new Picture(p.phase(), List.copyOf(nodes));
    }

    public ClusterProgress snapshot() {
        return snapshot(null);
    }

    /** The picture now; with {@code detail}, each node in flight of a swap says how far its own swap has got. */
    ClusterProgress snapshot(Operations.NodeDetail detail) {
        Picture p = picture;
        List<NodeProgress> nodes = p.nodes();
        if (detail != null && kind != null) {
            List<NodeProgress> told = new ArrayList<>(nodes.size());
            for (NodeProgress n : nodes) {
                String line = n.state() == State.IN_FLIGHT ? detail.of(kind, n.nodeId()) : null;
                told.add(line == null ? n : new NodeProgress(n.nodeId(), n.profile(), n.state(), n.outcome(), n.millis(),
                        n.reason(), line));
            }
            nodes = told;
        }
        return new ClusterProgress(operation, subject, p.phase(), startedWall,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos), nodes);
    }

    long startedAtMillis() {
        return startedWall;
    }
}
