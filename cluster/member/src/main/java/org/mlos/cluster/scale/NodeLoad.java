package org.mlos.cluster.scale;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.mlos.cluster.wire.Wire;

/**
 * One node's load as it measured it: what an autoscaler decides on.
 *
 * @param id         the node's id (its member UUID, as in the registry)
 * @param profile    its profile
 * @param pid        its process id
 * @param state      {@value #SERVING}; {@value #JOINING} (started by a scale-out, not yet on the
 *                   ring: keys are being copied to it); {@value #DRAINING} (leaving: its keys are
 *                   being re-homed, clients should no longer send it writes)
 * @param cpu        its process's CPU use over the last interval, 0..1 of the machine (-1 unknown)
 * @param opsPerSec  operations per second over the last interval: its store's (for a cache node
 *                   the store operations its memcached clients made)
 * @param items      items in its store (-1 where it has no store)
 * @param queue      its queue depth now: tasks its scheduler has ready and not started, plus
 *                   its memcached server's backlog (connections waiting with requests read and
 *                   unanswered); 0 where it has neither
 * @param queues     each queue's depth by name ({@code sched}, {@code memcached}), for people
 * @param injected   true if the figures were injected ({@code scale inject}) rather than measured
 * @param updatedAt  when it published this, epoch milliseconds
 */
public record NodeLoad(String id, String profile, long pid, String state, double cpu, double opsPerSec, long items,
        long queue, Map<String, Long> queues, boolean injected, long updatedAt) {

    public NodeLoad {
        queues = Collections.unmodifiableMap(new TreeMap<>(queues));
    }

    public static final String SERVING = "serving";
    public static final String JOINING = "joining";
    public static final String DRAINING = "draining";

    /** Whether clients should place keys on it. */
    public boolean onRing() {
        return SERVING.equals(state);
    }

    byte[] encode() {
        Map<String, String> q = new TreeMap<>();
        queues.forEach((k, v) -> q.put(k, Long.toString(v)));
        return new Wire.Writer().string(id).string(profile).number(pid).string(state).decimal(cpu)
                .decimal(opsPerSec).number(items).number(queue).map(q).number(injected ? 1 : 0).number(updatedAt).bytes();
    }

    static NodeLoad decode(byte[] b) {
        Wire.Reader r = new Wire.Reader(b);
        String id = r.string();
        String profile = r.string();
        long pid = r.number();
        String state = r.string();
        double cpu = r.decimal();
        double ops = r.decimal();
        long items = r.number();
        long queue = r.number();
        Map<String, Long> queues = new TreeMap<>();
        r.map().forEach((k, v) -> queues.put(k, Long.parseLong(v)));
        NodeLoad n = new NodeLoad(id, profile, pid, state, cpu, ops, items, queue, queues, r.number() == 1, r.number());
        r.end();
        return n;
    }

    /** One {@code key=value} line, the form {@code scale loads} prints and the autoscaler reads. */
    public String line() {
        return String.format(Locale.ROOT,
                "id=%s profile=%s pid=%d state=%s cpu=%.3f ops=%.1f items=%d queue=%d queues=%s injected=%b updated=%d",
                id, profile, pid, state, cpu, opsPerSec, items, queue, queuesText(), injected, updatedAt);
    }

    /** {@code sched:3,memcached:0}, or {@code -} where the node has no queue it can read. */
    public String queuesText() {
        if (queues.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        queues.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append(':').append(v));
        return sb.toString();
    }
}
