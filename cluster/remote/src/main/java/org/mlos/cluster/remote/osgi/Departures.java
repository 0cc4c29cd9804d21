package org.mlos.cluster.remote.osgi;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.mlos.cluster.remote.transport.HostPresence;
import org.mlos.cluster.remote.transport.Peer;

/**
 * Tells whether a host that left the registry is gone, from what its port says. One that answers
 * is kept (its entry was refreshed late). One that accepts connections and says nothing is a
 * paused or stalled process, which holds its instances and their state: an outsider's store
 * paused 20 s was withdrawn as lost and its callers failed over to an empty store, every item
 * written before the pause unreadable after it. It is kept, its calls timing out, for the silence
 * allowed ({@code mlos.remote.silent.grace.ms}), and withdrawn only after it: a process that stays
 * wedged serves no one, and failing over is then the lesser loss.
 */
final class Departures {

    static final String SILENT_GRACE_MS = "mlos.remote.silent.grace.ms";
    static final long DEFAULT_SILENT_GRACE_MS = 60_000;
    private static final System.Logger LOG = System.getLogger(Departures.class.getName());

    private final Function<Peer, HostPresence> presence;
    private final long graceMs;
    /**
     * Per silent host, when it was first found silent and last asked (ms). A host asked again only
     * after {@link #CONTINUOUS_MS} (it was back in the registry meanwhile, or the registry could not
     * be read) starts a new silence: a stall long ago must not count against a pause now.
     */
    private final Map<Peer, long[]> silences = new ConcurrentHashMap<>();
    static final long CONTINUOUS_MS = 10_000;

    Departures(Function<Peer, HostPresence> presence, long graceMs) {
        this.presence = presence;
        this.graceMs = graceMs;
    }

    /** Why the host is gone, or {@code null} to keep its candidates; {@code nowMs} a monotonic clock. */
    String departure(Peer peer, long nowMs) {
        silences.values().removeIf(s -> nowMs - s[1] > CONTINUOUS_MS); // hosts withdrawn, or back, meanwhile
        switch (presence.apply(peer)) {
            case ANSWERS -> {
                long[] silence = silences.remove(peer);
                if (silence != null) {
                    LOG.log(Level.INFO, "node {0} answers again after {1} s without a word: its remote kinds stayed bound"
                            + " to it, their state with them", peer.node(), (nowMs - silence[0]) / 1000);
                }
                return null;
            }
            case SILENT -> {
                long[] silence = silences.compute(peer, (p, was) -> {
                    if (was != null && nowMs - was[1] <= CONTINUOUS_MS) {
                        was[1] = nowMs;
                        return was;
                    }
                    if (graceMs > 0) {
                        LOG.log(Level.WARNING, "node {0} left the cluster, but its port {1}:{2} accepts connections and it says"
                                + " nothing (paused or stalled?): its remote kinds stay bound to it, calls on them timing"
                                + " out, for up to {3} s ({4}), since failing over would start them without their state",
                                p.node(), p.host(), String.valueOf(p.port()), graceMs / 1000, SILENT_GRACE_MS);
                    }
                    return new long[] { nowMs, nowMs };
                });
                if (nowMs - silence[0] < graceMs) {
                    return null;
                }
                silences.remove(peer);
                return "left the cluster and said nothing for " + (nowMs - silence[0]) / 1000 + " s (" + SILENT_GRACE_MS
                        + "), its port accepting connections (paused or stalled): the kinds fail over without the state it holds";
            }
            default -> {
                silences.remove(peer);
                return "left the cluster";
            }
        }
    }
}
