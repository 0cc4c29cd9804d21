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

    private static String kinds(Map<String, String> kinds) {
        return kinds.entrySet().stream().map(e -> simple(e.getKey()) + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static String simple(String kind) {
        return kind.substring(Math.max(kind.lastIndexOf('.'), kind.lastIndexOf('$')) + 1);
    }
}
