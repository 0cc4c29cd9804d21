package org.mlos.cluster.scale;

import java.util.Locale;

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
 * @param injected   true if the figures were injected ({@code scale inject}) rather than measured
 * @param updatedAt  when it published this, epoch milliseconds
 */
public record NodeLoad(String id, String profile, long pid, String state, double cpu, double opsPerSec, long items,
        boolean injected, long updatedAt) {

    public static final String SERVING = "serving";
    public static final String JOINING = "joining";
    public static final String DRAINING = "draining";

    /** Whether clients should place keys on it. */
    public boolean onRing() {
        return SERVING.equals(state);
    }

    byte[] encode() {
        return new Wire.Writer().string(id).string(profile).number(pid).string(state).decimal(cpu)
                .decimal(opsPerSec).number(items).number(injected ? 1 : 0).number(updatedAt).bytes();
    }

    static NodeLoad decode(byte[] b) {
        Wire.Reader r = new Wire.Reader(b);
        NodeLoad n = new NodeLoad(r.string(), r.string(), r.number(), r.string(), r.decimal(), r.decimal(), r.number(),
                r.number() == 1, r.number());
        r.end();
        return n;
    }

    /** One {@code key=value} line, the form {@code scale loads} prints and the autoscaler reads. */
    public String line() {
        return String.format(Locale.ROOT, "id=%s profile=%s pid=%d state=%s cpu=%.3f ops=%.1f items=%d injected=%b updated=%d",
                id, profile, pid, state, cpu, opsPerSec, items, injected, updatedAt);
    }
}
