package org.mlos.cluster.member;

import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The members that refused this one during its join because their Hazelcast cluster name is
 * another: nodes of another secret (the name carries its digest, {@code ClusterNames}) or of
 * another {@code mlos.cluster.name}. A node started with the wrong secret beside a running
 * cluster stayed alone, as it should, but said "joined cluster mlos in 3376 ms", and only
 * Hazelcast's "different cluster-name" warnings hinted why. Hazelcast tells the refusal only in
 * that warning (its ClusterMismatchOp), so it is read from Hazelcast's logger while the join
 * runs: nothing is asked of the network, and a normal join costs nothing more.
 *
 * <p>The member's own line says it better ({@link #aloneWarning}, {@link #refusedNote}), so
 * Hazelcast's warnings of it are not written: a wrong-secret node's terminal showed "Node could
 * not join cluster at node: … different cluster-name" and "Some of the ports seem occupied!"
 * before the line that said what to do.
 */
final class OtherClusters implements AutoCloseable {

    /** Where Hazelcast logs the refusal. */
    private static final String CLUSTER = "com.hazelcast.cluster";
    /** Where Hazelcast guesses, after a refused join, that the ports it tried are another program's. */
    private static final String NODE = "com.hazelcast.instance.impl.Node";
    private static final Pattern REFUSED = Pattern.compile(
            "could not join cluster at node: (\\S+) Cause: the target cluster has a different cluster-name");
    private static final String PORTS_OCCUPIED = "Some of the ports seem occupied!";

    private final Set<String> refusedBy = new ConcurrentSkipListSet<>();
    private final HazelcastLines.Watch refusals;
    private final HazelcastLines.Watch ports;

    private OtherClusters(String hazelcastClusterName) {
        this.refusals = HazelcastLines.watch(CLUSTER, hazelcastClusterName, this::keepRefusal);
        this.ports = HazelcastLines.watch(NODE, hazelcastClusterName,
                (r, m) -> refusedBy.isEmpty() || !m.contains(PORTS_OCCUPIED));
    }

    /** Listens from now until {@link #close}; {@code hazelcastClusterName} is the name the member joins under. */
    static OtherClusters listen(String hazelcastClusterName) {
        return new OtherClusters(hazelcastClusterName);
    }

    private boolean keepRefusal(LogRecord r, String m) {
        Matcher matcher = REFUSED.matcher(m);
        if (matcher.find()) {
            refusedBy.add(matcher.group(1));
            return false;
        }
        return true;
    }

    /** The addresses ({@code [127.0.0.1]:5701}) of the members that refused this one, in order. */
    java.util.List<String> refusedBy() {
        return java.util.List.copyOf(refusedBy);
    }

    /** {@code 127.0.0.1:5701-5703, 10.0.0.2:5701}: a host's neighbouring ports as one range. */
    static String ranges(java.util.Collection<String> addresses) {
        java.util.Map<String, java.util.TreeSet<Integer>> byHost = new java.util.LinkedHashMap<>();
        for (String a : addresses) {
            int colon = a.lastIndexOf(':');
            String host = a.substring(0, colon).replace("[", "").replace("]", "");
            try {
                byHost.computeIfAbsent(host, h -> new java.util.TreeSet<>()).add(Integer.parseInt(a.substring(colon + 1)));
            } catch (NumberFormatException notAPort) {
                byHost.computeIfAbsent(a, h -> new java.util.TreeSet<>());
            }
        }
        StringBuilder b = new StringBuilder();
        byHost.forEach((host, ports) -> {
            if (ports.isEmpty()) {
                b.append(b.length() == 0 ? "" : ", ").append(host);
            }
            Integer first = null;
            Integer last = null;
            for (Integer p : ports) {
                if (last != null && p == last + 1) {
                    last = p;
                    continue;
                }
                if (first != null) {
                    b.append(b.length() == 0 ? "" : ", ").append(host).append(':').append(first)
                            .append(first.equals(last) ? "" : "-" + last);
                }
                first = p;
                last = p;
            }
            if (first != null) {
                b.append(b.length() == 0 ? "" : ", ").append(host).append(':').append(first)
                        .append(first.equals(last) ? "" : "-" + last);
            }
        });
        return b.toString();
    }

    /**
     * What a member alone says when members of another name refused it, or null if it is not
     * alone or none did (a first member, or one whose cluster is gone, is alone as it should be).
     *
     * @param members how many members its cluster has now, itself included
     */
    String aloneWarning(String clusterName, int members) {
        if (members > 1 || refusedBy.isEmpty()) {
            return null;
        }
        return "joined cluster " + clusterName + " alone: the members on " + ranges(refusedBy)
                + " belong to a cluster with another secret (or another mlos.cluster.name), so Hazelcast refused"
                + " this node; if it should join them, give it that cluster's secret (" + MemberSettings.SECRET_HOWTO
                + ") and name, and start it again";
    }

    /**
     * What a member that joined others says when members of another name refused it too, or null:
     * their warnings are not written, and their refusal is worth a line.
     *
     * @param members how many members its cluster has now, itself included
     */
    String refusedNote(String clusterName, int members) {
        if (members <= 1 || refusedBy.isEmpty()) {
            return null;
        }
        return "the members on " + ranges(refusedBy) + " refused this node: they belong to a cluster with another"
                + " secret (or another mlos.cluster.name); it joined cluster " + clusterName + " with the "
                + (members - 1) + " other member(s) of its own";
    }

    @Override
    public void close() {
        refusals.close();
        ports.close();
    }
}
