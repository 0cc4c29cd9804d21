package org.mlos.cluster.remote.osgi;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Set;
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
    /**
     * A silent host is probed again at most this often: each probe waits out the connect timeout
     * on the watch's one thread, and leaves a connection queued on the paused host.
     */
    static final long PROBE_GAP_MS = 5_000;
    private static final System.Logger LOG = System.getLogger(Departures.class.getName());

    private final Function<Peer, HostPresence> presence;
    private final long graceMs;
    /** Per silent host: when it was first found silent, and last probed (ms). */
    private final Map<Peer, long[]> silences = new ConcurrentHashMap<>();

    Departures(Function<Peer, HostPresence> presence, long graceMs) {
        this.presence = presence;
        this.graceMs = graceMs;
    }

    /** Why the host is gone, or {@code null} to keep its candidates; {@code nowMs} a monotonic clock. */
    String departure(Peer peer, long nowMs) {
        long[] silence = silences.get(peer);
        if (silence != null && nowMs - silence[1] < PROBE_GAP_MS && nowMs - silence[0] < graceMs) {
            return null; // probed a moment ago, and still within its grace
        }
        switch (presence.apply(peer)) {
            case ANSWERS -> {
                if (silences.remove(peer) != null) {
                    LOG.log(Level.INFO, "node {0} answers again after {1} s without a word: its remote kinds stayed bound"
                            + " to it, their state with them", peer.node(), seconds(nowMs - silence[0]));
                }
                return null;
            }
            case SILENT -> {
                if (silence == null) {
                    silence = new long[] { nowMs, nowMs };
                    silences.put(peer, silence);
                    if (graceMs > 0) {
                        LOG.log(Level.WARNING, "node {0} left the cluster, but its port {1}:{2} accepts connections and it"
                                + " says nothing (paused or stalled?): its remote kinds stay bound to it, calls on them"
                                + " timing out, for up to {3} s ({4}), since failing over would start them without their"
                                + " state", peer.node(), peer.host(), String.valueOf(peer.port()), seconds(graceMs),
                                SILENT_GRACE_MS);
                    }
                } else {
                    silence[1] = nowMs;
                }
                if (nowMs - silence[0] < graceMs) {
                    return null;
                }
                silences.remove(peer);
                return "left the cluster and said nothing for " + seconds(nowMs - silence[0]) + " s (" + SILENT_GRACE_MS
                        + "), its port accepting connections (paused or stalled): the kinds fail over without the state it holds";
            }
            default -> {
                silences.remove(peer);
                return "left the cluster";
            }
        }
    }

    /**
     * Forgets the silences of hosts not asked about at a look that read the registry: each is back
     * in it, or no longer bound. A stall long ago must not count against a pause now.
     */
    void forgetAllBut(Set<Peer> asked) {
        silences.keySet().retainAll(asked);
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0);
    }
}
