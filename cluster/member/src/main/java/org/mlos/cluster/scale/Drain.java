package org.mlos.cluster.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.mlos.cluster.api.KetamaRing;
import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.node.TaskResult;
import org.mlos.cluster.task.Tasks;
import org.osgi.framework.ServiceReference;

/**
 * Drains this node before it leaves: marks it draining in the load board (clients that follow
 * the ring stop writing to it), waits a grace period for them to notice, then moves every item of
 * its local store to the node that owns the key on the ring without it, in batches of sealed
 * {@code rehome} tasks; then moves again what was stored here since the previous pass began (a
 * client that had not yet switched), until a pass finds nothing new (at most {@value #MAX_PASSES}).
 * The receivers keep the newer of what they hold and what arrives ({@link LocalStore#takeNewer}).
 * A node on the distributed store moves nothing: its items are in the cluster map already.
 */
final class Drain {

    static final int MAX_PASSES = 6;
    static final int BATCH_BYTES = 256 * 1024;
    static final int BATCH_ITEMS = 1000;
    static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

    /** The outcome, one line: {@code drained moved=… passes=… ms=… to=…}. */
    record Report(long moved, long stored, int passes, long millis, Map<String, Long> perOwner, String note) {
        String line() {
            return "drained moved=" + moved + " stored=" + stored + " passes=" + passes + " ms=" + millis + " to="
                    + perOwner + (note == null ? "" : " note=\"" + note + "\"") + "\n";
        }
    }

    private final Tasks tasks;
    private final LoadBoard board;
    private final List<NodeInfo> nodes;

    Drain(Tasks tasks, LoadBoard board, List<NodeInfo> nodes) {
        this.tasks = tasks;
        this.board = board;
        this.nodes = nodes;
    }

    /**
     * The servers that stay, endpoint to node id: this node's profile's nodes with a memcached
     * endpoint, minus this one, those leaving (by pid) and those draining.
     */
    static Map<String, String> staying(List<NodeInfo> nodes, String profile, Set<Long> leaving, Set<String> draining) {
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeInfo n : nodes) {
            String ep = n.endpoints().get("memcached");
            if (n.profile().equals(profile) && ep != null && !leaving.contains(n.pid()) && !draining.contains(n.id())) {
                out.put(ep, n.id());
            }
        }
        return out;
    }

    Report run(Set<Long> leaving, Duration grace) throws InterruptedException {
        long start = System.nanoTime();
        String self = tasks.local().id();
        Set<String> draining = new java.util.HashSet<>();
        for (NodeLoad l : board.loads()) {
            if (l.draining()) {
                draining.add(l.id());
            }
        }
        draining.add(self);
        Map<String, String> staying = staying(nodes, tasks.local().profile(), leaving, draining);
        ServiceReference<?> ref = StoreItems.handle(tasks.local().context());
        board.draining(true);
        if (ref == null) {
            return new Report(0, 0, 0, ms(start), Map.of(), "no key-value store here: nothing to move");
        }
        if (staying.isEmpty()) {
            board.draining(false);
            throw new IllegalStateException("no other node of profile " + tasks.local().profile()
                    + " stays to take this node's items; refusing to drain the last one");
        }
        Thread.sleep(grace.toMillis());
        KetamaRing ring = KetamaRing.of(staying.keySet());
        LocalStore store = LocalStore.of(tasks.local().context(), ref);
        String moveId = UUID.randomUUID().toString();
        Map<String, Long> perOwner = new HashMap<>();
        long moved = 0;
        long stored = 0;
        int passes = 0;
        long since = Long.MIN_VALUE;
        try {
            while (passes < MAX_PASSES) {
                long passStart = System.currentTimeMillis();
                Map<String, List<MovedItem>> byOwner = new HashMap<>();
                List<MovedItem> all = new ArrayList<>();
                if (!store.forEach(since, all::add)) {
                    return new Report(0, 0, 0, ms(start), Map.of(), "the store holds its items elsewhere (distributed): nothing to move");
                }
                passes++;
                if (all.isEmpty()) {
                    break;
                }
                for (MovedItem i : all) {
                    byOwner.computeIfAbsent(staying.get(ring.owner(i.key())), k -> new ArrayList<>()).add(i);
                }
                for (Map.Entry<String, List<MovedItem>> e : byOwner.entrySet()) {
                    stored += send(e.getKey(), moveId, e.getValue());
                    perOwner.merge(e.getKey(), (long) e.getValue().size(), Long::sum);
                }
                moved += all.size();
                // the next pass takes what was stored from a moment before this one began: a write
                // stamped in the same millisecond as the pass's start may have missed its read
                since = passStart - 1;
            }
        } finally {
            for (String owner : staying.values()) {
                tasks.on(owner, new RehomeTask(moveId, RehomeTask.END), TASK_TIMEOUT);
            }
        }
        return new Report(moved, stored, passes, ms(start), perOwner, null);
    }

    private long send(String owner, String moveId, List<MovedItem> items) {
        long stored = 0;
        List<MovedItem> batch = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i <= items.size(); i++) {
            if (i == items.size() || bytes >= BATCH_BYTES || batch.size() >= BATCH_ITEMS) {
                if (!batch.isEmpty()) {
                    TaskResult r = tasks.on(owner, new RehomeTask(moveId, MovedItem.encode(batch)), TASK_TIMEOUT);
                    if (!r.ok()) {
                        throw new IllegalStateException("node " + owner + " did not take " + batch.size() + " items: "
                                + r.outcome() + " " + r.reason() + "; this node keeps serving them, still draining");
                    }
                    stored += Long.parseLong(r.detail().substring("stored=".length()));
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

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
