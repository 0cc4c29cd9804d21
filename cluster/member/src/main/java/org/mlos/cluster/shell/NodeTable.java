package org.mlos.cluster.shell;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.mlos.cluster.api.NodeInfo;

/** The registry as a table, one node per line. */
final class NodeTable {

    private NodeTable() {
    }

    static String render(String clusterName, String localId, List<NodeInfo> nodes) {
        long now = System.currentTimeMillis();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "cluster %s: %d node(s)%n", clusterName, nodes.size()));
        sb.append(String.format(Locale.ROOT, "%-38s %-10s %-16s %-8s %8s %6s %11s %s%n", "NODE", "PROFILE", "ADDRESS",
                "PID", "UPTIME_S", "CPU%", "HEAP_MB", "KINDS / ENDPOINTS"));
        for (NodeInfo n : nodes) {
            NodeInfo.Load l = n.load();
            sb.append(String.format(Locale.ROOT, "%-38s %-10s %-16s %-8d %8d %6s %5d/%-5d %s%s%n",
                    n.id() + (n.id().equals(localId) ? " *" : ""), n.profile(), n.address(), n.pid(),
                    n.uptimeMillis(now) / 1000, l.processCpu() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100 * l.processCpu()),
                    l.heapUsed() >> 20, l.heapMax() >> 20, kinds(n.kinds()),
                    n.endpoints().isEmpty() ? "" : " " + n.endpoints().entrySet().stream()
                            .map(e -> e.getKey() + "://" + e.getValue()).collect(Collectors.joining(","))));
        }
        return sb.toString();
    }

    /**
     * One line per node of {@code key=value} fields, for scripts and tests: id, profile, address,
     * pid, uptime_ms, member_start_ms, join_ms, cpu, heap_used, kinds (kind=impl;...), bundles
     * (name@version;...), endpoints (name=host:port;...).
     */
    static String lines(List<NodeInfo> nodes) {
        long now = System.currentTimeMillis();
        StringBuilder sb = new StringBuilder();
        for (NodeInfo n : nodes) {
            sb.append("node id=").append(n.id()).append(" profile=").append(n.profile()).append(" address=")
                    .append(n.address()).append(" pid=").append(n.pid()).append(" uptime_ms=").append(n.uptimeMillis(now))
                    .append(" member_start_ms=").append(n.memberStartMillis()).append(" join_ms=").append(n.joinMillis())
                    .append(" cpu=").append(String.format(Locale.ROOT, "%.3f", n.load().processCpu()))
                    .append(" heap_used=").append(n.load().heapUsed())
                    .append(" kinds=").append(join(n.kinds(), "="))
                    .append(" bundles=").append(join(n.bundles(), "@"))
                    .append(" endpoints=").append(join(n.endpoints(), "=")).append('\n');
        }
        return sb.toString();
    }

    private static String join(Map<String, String> m, String sep) {
        return m.entrySet().stream().map(e -> e.getKey() + sep + e.getValue()).collect(Collectors.joining(";"));
    }

    private static String kinds(Map<String, String> kinds) {
        return kinds.entrySet().stream().map(e -> simple(e.getKey()) + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static String simple(String kind) {
        return kind.substring(Math.max(kind.lastIndexOf('.'), kind.lastIndexOf('$')) + 1);
    }
}
