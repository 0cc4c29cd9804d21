package org.mlos.cluster.shell;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mlos.cluster.api.ClusterProgress;
import org.mlos.cluster.api.ClusterSwapReport;
import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.api.RolloutReport;
import org.mlos.cluster.scale.NodeLoad;
import org.mlos.core.api.JsonWriter;

/** The cluster's replies as JSON ({@code mlos nodes --json}, {@code mlos swap --cluster --json}, {@code mlos rollout --json}). */
final class ClusterJson {

    private ClusterJson() {
    }

    /**
     * {@code {"cluster":…,"local":…,"nodes":[{"id","profile","address","pid",…,"kinds":{kind:impl},…,
     * "load":{"state","cpuPermille","opsPerSec","items","queue","queues":{name:depth},"injected"}}]}}; a
     * node that has published no load (yet) has no {@code load}.
     */
    static String nodes(String cluster, String localId, List<NodeInfo> nodes, List<NodeLoad> loads) {
        long now = System.currentTimeMillis();
        JsonWriter w = new JsonWriter().object().field("cluster", cluster).field("local", localId).name("nodes").array();
        for (NodeInfo n : nodes) {
            w.object().field("id", n.id()).field("profile", n.profile()).field("address", n.address())
                    .field("pid", n.pid()).field("uptimeMs", n.uptimeMillis(now))
                    .field("memberStartMs", n.memberStartMillis()).field("joinMs", n.joinMillis())
                    .field("cpuPermille", Math.round(n.load().processCpu() * 1000)).field("heapUsed", n.load().heapUsed())
                    .field("heapMax", n.load().heapMax());
            map(w, "kinds", n.kinds());
            map(w, "bundles", n.bundles());
            map(w, "endpoints", n.endpoints());
            for (NodeLoad l : loads) {
                if (l.id().equals(n.id())) {
                    load(w, l);
                }
            }
            w.end();
        }
        return w.end().end().toString();
    }

    /** {@code {"outcome","kind","impl","strategy","totalMillis","reason","nodes":[{"nodeId","profile","outcome","millis","reason"}]}}. */
    static String swap(ClusterSwapReport r) {
        JsonWriter w = new JsonWriter().object().field("outcome", r.outcome().name()).field("kind", r.request().kind())
                .field("impl", r.request().impl())
                .field("strategy", r.request().strategy().name().toLowerCase(Locale.ROOT))
                .field("totalMillis", r.totalMillis()).field("reason", r.reason()).name("nodes").array();
        for (ClusterSwapReport.NodeResult n : r.nodes()) {
            w.object().field("nodeId", n.nodeId()).field("profile", n.profile()).field("outcome", n.outcome())
                    .field("millis", n.millis()).field("reason", n.reason()).end();
        }
        return w.end().end().toString();
    }

    /**
     * {@code {"outcome":"ROLLED_OUT"|"REFUSED"|"FAILED","symbolicName","version","profile","totalMillis","sha256",
     * "nodes":[{"nodeId","outcome","millis","reason"}]}}, {@code reason} null unless the node gave one.
     * The outcome first: {@code mlos rollout --json} exits 0 only on a reply opening with ROLLED_OUT.
     */
    static String rollout(RolloutReport r) {
        // the words RolloutReport.toText opens with; the report has no outcome of its own
        JsonWriter w = new JsonWriter().object().field("outcome", r.outcome())
                .field("symbolicName", r.symbolicName()).field("version", r.version()).field("profile", r.profile())
                .field("totalMillis", r.totalMillis()).field("sha256", r.sha256()).name("nodes").array();
        for (RolloutReport.NodeResult n : r.nodes()) {
            w.object().field("nodeId", n.nodeId()).field("outcome", n.outcome()).field("millis", n.millis())
                    .field("reason", n.reason()).end();
        }
        return w.end().end().toString();
    }

    /**
     * {@code {"operations":[{"operation","subject","phase","startedAtMillis","elapsedMillis","line",
     * "nodes":[{"nodeId","profile","state","outcome","millis","reason","detail"}]}]}}: the cluster operations under way.
     */
    static String progress(List<ClusterProgress> ops) {
        JsonWriter w = new JsonWriter().object().name("operations").array();
        for (ClusterProgress p : ops) {
            w.object().field("operation", p.operation()).field("subject", p.subject()).field("phase", p.phase())
                    .field("startedAtMillis", p.startedAtMillis()).field("elapsedMillis", p.elapsedMillis())
                    .field("line", p.toLine()).name("nodes").array();
            for (ClusterProgress.NodeProgress n : p.nodes()) {
                w.object().field("nodeId", n.nodeId()).field("profile", n.profile()).field("state", n.state().name())
                        .field("outcome", n.outcome()).field("millis", n.millis()).field("reason", n.reason())
                        .field("detail", n.detail()).end();
            }
            w.end().end();
        }
        return w.end().end().toString();
    }

    private static void load(JsonWriter w, NodeLoad l) {
        w.name("load").object().field("state", l.state()).field("cpuPermille", Math.round(l.cpu() * 1000))
                .field("opsPerSec", l.opsPerSec()).field("items", l.items()).field("queue", l.queue())
                .name("queues").object();
        l.queues().forEach((k, v) -> w.field(k, v));
        w.end().field("injected", l.injected()).field("updatedAt", l.updatedAt()).end();
    }

    private static void map(JsonWriter w, String name, Map<String, String> m) {
        w.name(name).object();
        for (Map.Entry<String, String> e : m.entrySet()) {
            w.field(e.getKey(), e.getValue());
        }
        w.end();
    }
}
