package org.mlos.cluster.progress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.mlos.cluster.api.ClusterProgress;

/**
 * The cluster operations this member coordinates now. An operation is added when it starts and
 * removed when it ends, whatever the outcome; with none running this holds nothing.
 */
public final class Operations {

    private final Set<Operation> running = ConcurrentHashMap.newKeySet();

    /** How far a node's own part has got, asked of the node: its line, or null. */
    @FunctionalInterface
    public interface NodeDetail {
        String of(String kind, String nodeId);
    }

    /**
     * Starts an operation on {@code ids} (with their {@code profiles}, in the same order), every
     * node pending. End it with {@link #end} in a {@code finally}.
     *
     * @param kind for a swap, the kind whose progress each node in flight can tell; else null
     */
    public Operation start(String operation, String subject, String kind, String phase, List<String> ids,
            List<String> profiles) {
        Operation o = new Operation(operation, subject, kind, phase, ids, profiles);
        running.add(o);
        return o;
    }

    public void end(Operation o) {
        running.remove(o);
    }

    /** What runs now, oldest first. */
    public List<ClusterProgress> snapshot() {
        return snapshot(null);
    }

    /**
     * What runs now, oldest first, each node in flight of a swap with how far its own swap has got
     * ({@code detail}, asked of the node while this reads; null: not asked).
     */
    public List<ClusterProgress> snapshot(NodeDetail detail) {
        List<Operation> ops = new ArrayList<>(running);
        ops.sort(Comparator.comparingLong(Operation::startedAtMillis));
        List<ClusterProgress> out = new ArrayList<>(ops.size());
        for (Operation o : ops) {
            out.add(o.snapshot(detail));
        }
        return out;
    }
}
