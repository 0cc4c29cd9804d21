package org.mlos.cluster.member;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mlos.cluster.log.FloodLog;
import org.mlos.cluster.log.FloodLogs;

import com.hazelcast.config.Config;

/**
 * A node of another secret (or another {@code mlos.cluster.name}) that asks this member to join
 * is refused by Hazelcast, which wrote two warnings for it here: "Received an invalid join request
 * from …, cause: members part of different cluster", then a 600-character line of the connection
 * closed, "Connection reset". They are one line of this member's now, saying what it means, the
 * first of each asking address's in 10 s ({@link FloodLogs}: a node restarted in a loop asks
 * again each time), and the close of that node's connection just after is not written.
 */
final class JoinRefusalLog {

    private static final System.Logger LOG = System.getLogger(JoinRefusalLog.class.getName());
    private static final String JOINS = "com.hazelcast.internal.cluster.impl.ClusterJoinManager";
    private static final Pattern REFUSED = Pattern.compile(
            "Received an invalid join request from (\\S+), cause: members part of different cluster");
    /** How long after a refusal the close of the asking node's connection is taken for its end. */
    private static final long CLOSE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String clusterName;
    private final FloodLogs told;
    /** Address ({@code [127.0.0.1]:5702}) to when it was last refused (System.nanoTime). */
    private final Map<String, Long> refusedAt = new ConcurrentHashMap<>();
    private final HazelcastLines.Watch joins;
    private final HazelcastLines.Watch closes;

    private JoinRefusalLog(String clusterName, String hazelcastClusterName) {
        this.clusterName = clusterName;
        this.told = new FloodLogs(FloodLog.TEN_SECONDS, (address, n, period, last) -> LOG.log(System.Logger.Level.INFO,
                "refused " + n + " more join(s) from " + (address.equals(FloodLogs.OTHERS) ? "other nodes" : address)
                        + " in the last " + period.toSeconds() + " s: another secret or cluster name"));
        this.joins = HazelcastLines.watch(JOINS, hazelcastClusterName, this::keepJoin);
        this.closes = HazelcastLines.watch(ForeignProtocolLog.CONNECTIONS, hazelcastClusterName, this::keepClose);
    }

    /**
     * Tells refused joins this member's way from now until it shuts down; call once its config has
     * its final cluster name. {@code clusterName} is the name the user gave ({@code mlos.cluster.name}).
     */
    static JoinRefusalLog watch(Config config, String clusterName) {
        JoinRefusalLog w = new JoinRefusalLog(clusterName, config.getClusterName());
        HazelcastLines.untilShutdown(config, w::close);
        return w;
    }

    /** Tells what is counted and stops watching; again is nothing. Also for a member that never started. */
    void close() {
        joins.close();
        closes.close();
        told.flush();
    }

    private boolean keepJoin(LogRecord r, String m) {
        Matcher matcher = REFUSED.matcher(m);
        if (!matcher.find()) {
            return true;
        }
        String address = matcher.group(1);
        long now = System.nanoTime();
        if (refusedAt.size() >= 256) {
            refusedAt.values().removeIf(at -> now - at >= CLOSE_NANOS); // many askers: the old ones are done
        }
        refusedAt.put(address, now);
        if (told.first(address, "")) {
            // INFO: two local clusters of other names probe each other's ports by design; the refused
            // node's own line (alone: give it the secret) is the warning
            LOG.log(System.Logger.Level.INFO, "refused a node at " + OtherClusters.ranges(java.util.List.of(address))
                    + " that asked to join cluster " + clusterName + ": it belongs to another cluster (another secret or"
                    + " another mlos.cluster.name); if it should join this one, give it this cluster's secret ("
                    + MemberSettings.SECRET_HOWTO + ") and name");
        }
        return false;
    }

    /** The close of a refused node's connection just after its refusal is the refusal's end, not news. */
    private boolean keepClose(LogRecord r, String m) {
        if (!m.contains(" closed. Reason: ")) {
            return true;
        }
        for (Map.Entry<String, Long> e : refusedAt.entrySet()) {
            if (m.contains("endpoint=" + e.getKey() + ",")) {
                if (System.nanoTime() - e.getValue() < CLOSE_NANOS) {
                    return false;
                }
                refusedAt.remove(e.getKey(), e.getValue());
            }
        }
        return true;
    }
}
