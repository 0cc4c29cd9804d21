package org.mlos.launcher.cli;

/** What 'mlos swap' adds on standard error to a swap's report that did what was asked but left something to know. */
final class SwapWarnings {

    /** What the durable store's note says when a swap takes the state away from it (services-fault's DurableState). */
    static final String NO_LONGER_DURABLE = "swapped away from durable: the node is no longer durable";

    private SwapWarnings() {
    }

    /**
     * A swap away from the durable store left the node not durable, and said nothing: its next
     * start, a supervisor's restart too, came back without the items (the node's log says it too).
     * Null when there is nothing to add.
     */
    static String of(String kind, String impl, boolean cluster, String reply) {
        if (cluster) {
            // its report names no node's implementation before it, but each node's line carries
            // its swap's note, the durable store's words among them
            long nodes = reply.lines().filter(l -> l.contains(NO_LONGER_DURABLE)).count();
            return nodes == 0 ? null : nodes + (nodes == 1 ? " node no longer journals its" : " nodes no longer journal their")
                    + " items: the next start, a supervisor's restart too, comes back without them. Swap " + kind
                    + " durable on the cluster to journal them again, or restart with --set mlos.fault.store=" + impl
                    + " to run " + impl + " behind the journal";
        }
        String standIn = standIn(impl, reply);
        if (standIn != null) {
            return standIn;
        }
        if (impl.equals("durable") || !reply.contains(" durable -> " + impl)) {
            return null;
        }
        return "the node no longer journals its items: the next start, a supervisor's restart too, comes back"
                + " without them. Swap " + kind
                + " durable to journal them again, or restart with --set mlos.fault.store=" + impl
                + " to run " + impl + " behind the journal";
    }

    /**
     * A swap that made {@code impl} serve while the kind waits for its preferred implementation
     * (core's KindSlot.standingInFor) said so only inside its report's reason (an outsider's
     * re-check): the reason again, on its own line, or null for any other swap.
     */
    private static String standIn(String impl, String reply) {
        String marker = "reason=\"" + impl + " serves while kind ";
        int at = reply.indexOf(marker);
        if (!reply.contains(" null -> " + impl + " ") || at < 0) {
            return null;
        }
        int end = reply.indexOf('"', at + marker.length());
        return reply.substring(at + "reason=\"".length(), end < 0 ? reply.length() : end).strip();
    }
}
