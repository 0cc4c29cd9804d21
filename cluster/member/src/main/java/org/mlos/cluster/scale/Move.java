package org.mlos.cluster.scale;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mlos.cluster.api.KetamaRing;
import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.node.TaskResult;
import org.mlos.cluster.task.Tasks;
import org.osgi.framework.ServiceReference;

/**
 * Moves this node's items to the nodes that own them on a ring: the ring without this node when
 * it leaves (a drain), or with new nodes when some join (a rebalance). Each pass reads the
 * items stored at or after a given time from the local store and sends the ones another node
 * owns, in batches of sealed {@code rehome} tasks; the receivers keep the newer of what they hold
 * and what arrives ({@link LocalStore#takeNewer}), remembering under the move's id what they
 * took, so a later pass of the same move updates it. A node on the distributed store moves
 * nothing: its items are in the cluster map already.
 */
final class Move {

    static final int BATCH_BYTES = 512 * 1024;
    static final int BATCH_ITEMS = 1000;
    static final java.time.Duration TASK_TIMEOUT = java.time.Duration.ofSeconds(60);

    /** One pass: items read, items the owners stored, per owner node id. */
    record Pass(long moved, long stored, Map<String, Long> perOwner, long startedAt, boolean nothingToMove) {
    }

    private final Tasks tasks;
    private final String moveId;
    private final KetamaRing ring;
    private final Map<String, String> owners; // endpoint -> node id

    private Move(Tasks tasks, String moveId, Map<String, String> owners) {
        this.tasks = tasks;
        this.moveId = moveId;
        this.owners = owners;
        this.ring = KetamaRing.of(owners.keySet());
    }

    /**
     * The ring's servers, endpoint to node id: the profile's nodes with a memcached endpoint that
     * are serving (their load entry says so), plus those {@code joining} names, minus those
     * {@code leaving} names (pids).
     */
    static Map<String, String> ring(List<NodeInfo> nodes, List<NodeLoad> loads, String profile, Set<Long> joining,
            Set<Long> leaving) {
        Map<String, NodeLoad> byId = new HashMap<>();
        for (NodeLoad l : loads) {
            byId.put(l.id(), l);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeInfo n : nodes) {
            String ep = n.endpoints().get("memcached");
            NodeLoad l = byId.get(n.id());
            boolean on = l != null && l.onRing() || joining.contains(n.pid());
            if (n.profile().equals(profile) && ep != null && on && !leaving.contains(n.pid())) {
                out.put(ep, n.id());
            }
        }
        return out;
    }

    static Move of(Tasks tasks, String moveId, Map<String, String> owners) {
        if (owners.isEmpty()) {
            throw new IllegalStateException("no node of profile " + tasks.local().profile()
                    + " would hold keys: nowhere to move this node's items");
        }
        return new Move(tasks, moveId, owners);
    }

    /** Sends the items stored at or after {@code since} (epoch ms) that another node owns. */
    Pass pass(long since) {
        return pass(since, 1, new MoveProgress("move"));
    }

    /** {@link #pass(long)}, pass number {@code number}, telling {@code progress} as it reads and sends. */
    Pass pass(long since, int number, MoveProgress progress) {
        progress.reading(number);
        long startedAt = System.currentTimeMillis();
        ServiceReference<?> ref = StoreItems.handle(tasks.local().context());
        if (ref == null) {
            return new Pass(0, 0, Map.of(), startedAt, true);
        }
        String self = tasks.local().id();
        Map<String, List<MovedItem>> byOwner = new HashMap<>();
        long[] read = new long[1];
        boolean listed = LocalStore.of(tasks.local().context(), ref).forEach(since, i -> {
            String owner = owners.get(ring.owner(i.key()));
            if (!owner.equals(self)) {
                byOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(i);
                read[0]++;
                progress.found();
            }
        });
        if (!listed) {
            return new Pass(0, 0, Map.of(), startedAt, true);
        }
        Map<String, Long> perOwner = new HashMap<>();
        long stored = 0;
        progress.sending(number, read[0]);
        for (Map.Entry<String, List<MovedItem>> e : byOwner.entrySet()) {
            stored += send(e.getKey(), e.getValue(), progress);
            perOwner.put(e.getKey(), (long) e.getValue().size());
        }
        return new Pass(read[0], stored, perOwner, startedAt, false);
    }

    /** Deletes here what another node owns on the ring, stored before {@code before} and unchanged since. */
    long dropMoved(long before) {
        ServiceReference<?> ref = StoreItems.handle(tasks.local().context());
        if (ref == null) {
            return 0;
        }
        String self = tasks.local().id();
        return LocalStore.of(tasks.local().context(), ref).dropOwnedElsewhere(k -> !owners.get(ring.owner(k)).equals(self),
                before);
    }

    /** Tells every owner the move is over: they forget what it stored. */
    void end() {
        for (String owner : owners.values()) {
            if (!owner.equals(tasks.local().id())) {
                tasks.on(owner, RehomeTask.end(moveId), TASK_TIMEOUT);
            }
        }
    }

    private long send(String owner, List<MovedItem> items, MoveProgress progress) {
        long stored = 0;
        List<MovedItem> batch = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i <= items.size(); i++) {
            if (i == items.size() || bytes >= BATCH_BYTES || batch.size() >= BATCH_ITEMS) {
                if (!batch.isEmpty()) {
                    TaskResult r = tasks.on(owner, new RehomeTask(moveId, MovedItem.encode(batch)), TASK_TIMEOUT);
                    if (!r.ok()) {
                        throw new IllegalStateException("node " + owner + " did not take " + batch.size() + " items: "
                                + r.outcome() + " " + r.reason() + "; this node still holds them");
                    }
                    stored += Long.parseLong(r.detail().substring("stored=".length()));
                    progress.sent(batch.size());
                    batch.clear();
                    bytes = 0;
                }
                if (i == items.size()) {
                    break;
                }
            }
            batch.add(items.get(i));
            bytes += items.get(i).weight();
        }
        return stored;
    }
}
