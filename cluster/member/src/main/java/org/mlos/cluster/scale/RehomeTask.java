package org.mlos.cluster.scale;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.NodeTask;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;
import org.mlos.cluster.node.TaskTypes;
import org.osgi.framework.ServiceReference;

/**
 * Run on a key's new owner: takes a batch of items from a node that leaves ({@link
 * LocalStore#takeNewer}). Arrives sealed like every task, so only a node of the cluster can put
 * items into another's store this way. Arguments: the move's id and a batch ({@link MovedItem}, in
 * chunks), or the id and {@value #END}, which forgets what the move stored here.
 */
public final class RehomeTask extends NodeTask {

    static final String OP = "rehome";
    static final String END = "end";

    private final String moveId;
    private final List<String> batch;

    RehomeTask(String moveId, List<String> batch) {
        super(OP, args(moveId, batch));
        this.moveId = moveId;
        this.batch = List.copyOf(batch);
    }

    private static String[] args(String moveId, List<String> batch) {
        String[] a = new String[batch.size() + 1];
        a[0] = moveId;
        for (int i = 0; i < batch.size(); i++) {
            a[i + 1] = batch.get(i);
        }
        return a;
    }

    static RehomeTask end(String moveId) {
        return new RehomeTask(moveId, List.of(END));
    }

    static RehomeTask of(List<String> args) {
        if (args.size() < 2 || args.contains(null)) {
            throw new IllegalArgumentException("rehome takes a move id and a batch");
        }
        return new RehomeTask(args.get(0), args.subList(1, args.size()));
    }

    /** Adds the task to the node's task types. */
    public static TaskTypes register(TaskTypes types) {
        return types.add(OP, RehomeTask::of);
    }

    @Override
    protected TaskResult run(LocalNode node) {
        Ledgers ledgers = ledgers(node);
        if (batch.equals(List.of(END))) {
            ledgers.moves.remove(moveId);
            return new TaskResult(TaskOutcome.COMPLETED, 0, null, "stored=0");
        }
        ServiceReference<?> ref = StoreItems.handle(node.context());
        if (ref == null) {
            return new TaskResult(TaskOutcome.FAILED, 0, "this node has no key-value store to take items into", null);
        }
        Map<String, long[]> ledger = ledgers.moves.computeIfAbsent(moveId, k -> new ConcurrentHashMap<>());
        int stored;
        synchronized (ledger) { // one batch of a move at a time: the ledger's entries follow the store's
            stored = LocalStore.of(node.context(), ref).takeNewer(MovedItem.decode(batch), ledger);
        }
        return new TaskResult(TaskOutcome.COMPLETED, 0, null, "stored=" + stored);
    }

    private static synchronized Ledgers ledgers(LocalNode node) {
        try {
            return node.part(Ledgers.class);
        } catch (IllegalStateException none) {
            return node.attach(Ledgers.class, new Ledgers());
        }
    }

    /** What each move in progress stored on this node: move id to key to {cas, storedAt at the source}. */
    static final class Ledgers {
        final Map<String, Map<String, long[]>> moves = new ConcurrentHashMap<>();
    }
}
