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

    /**
     * Starts an operation on {@code ids} (with their {@code profiles}, in the same order), every
     * node pending. End it with {@link #end} in a {@code finally}.
     */
    public Operation start(String operation, String subject, String phase, List<String> ids, List<String> profiles) {
        Operation o = new Operation(operation, subject, phase, ids, profiles);
        running.add(o);
        return o;
    }

    public void end(Operation o) {
        running.remove(o);
    }

    /** What runs now, oldest first. */
    public List<ClusterProgress> snapshot() {
        List<Operation> ops = new ArrayList<>(running);
        ops.sort(Comparator.comparingLong(Operation::startedAtMillis));
        List<ClusterProgress> out = new ArrayList<>(ops.size());
        for (Operation o : ops) {
            out.add(o.snapshot());
        }
        return out;
    }
}
