package org.mlos.cluster.scale;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mlos.cluster.api.Cluster;
import org.mlos.cluster.api.KetamaRing;
import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.task.Tasks;
import org.mlos.core.api.NodeCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.hazelcast.core.HazelcastInstance;

/**
 * {@code scale ...} requests on the node's control socket, which {@code mlos scale} and the
 * autoscaler send: the load of every node, the ring of a profile's cache nodes, the drain of this
 * node, and injected load figures. Starts this node's {@link LoadBoard}.
 */
@Component(service = NodeCommand.class, property = NodeCommand.NAME + "=scale")
public final class ScaleCommands implements NodeCommand {

    static final String USAGE = "usage: scale loads | scale ring <profile> [--leaving pid,...] | scale drain"
            + " [--leaving pid,...] [--grace-ms n] | scale inject cpu=<0..1> ops=<n> | scale inject off";
    static final Duration DEFAULT_GRACE = Duration.ofMillis(1500);

    @Reference
    private Cluster cluster;

    @Reference
    private HazelcastInstance instance;

    private LocalNode local;
    private LoadBoard board;

    @Activate
    void activate() {
        local = LocalNode.of(instance);
        board = new LoadBoard(local).start();
    }

    @Deactivate
    void deactivate() {
        board.stop();
    }

    @Override
    public String execute(List<String> args) {
        if (args.isEmpty()) {
            return "error: " + USAGE;
        }
        try {
            return switch (args.get(0)) {
                case "loads" -> loads();
                case "ring" -> ring(args);
                case "drain" -> drain(args);
                case "inject" -> inject(args);
                default -> "error: unknown scale request " + args.get(0) + "; " + USAGE;
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            return "error: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error: interrupted";
        }
    }

    private String loads() {
        StringBuilder sb = new StringBuilder();
        for (NodeLoad l : board.loads()) {
            sb.append(l.line()).append('\n');
        }
        return sb.toString();
    }

    /** {@code ring=<server> <server>…}: the memcached endpoints that hold keys, draining and leaving nodes left out. */
    private String ring(List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException(USAGE);
        }
        Set<String> draining = new HashSet<>();
        for (NodeLoad l : board.loads()) {
            if (l.draining()) {
                draining.add(l.id());
            }
        }
        Map<String, String> staying = Drain.staying(cluster.nodes(), args.get(1), leaving(args), draining);
        return "ring=" + String.join(" ", KetamaRing.of(staying.keySet()).servers()) + "\n";
    }

    private String drain(List<String> args) throws InterruptedException {
        Duration grace = DEFAULT_GRACE;
        int i = args.indexOf("--grace-ms");
        if (i > 0) {
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("--grace-ms needs a value; " + USAGE);
            }
            grace = Duration.ofMillis(Long.parseLong(args.get(i + 1)));
        }
        return new Drain(new Tasks(instance), board, cluster.nodes()).run(leaving(args), grace).line();
    }

    private String inject(List<String> args) {
        if (args.size() == 2 && args.get(1).equals("off")) {
            board.measure();
            return "load measured\n";
        }
        double cpu = -1;
        double ops = 0;
        for (String a : args.subList(1, args.size())) {
            String[] kv = a.split("=", 2);
            try {
                switch (kv.length == 2 ? kv[0] : "") {
                    case "cpu" -> cpu = Double.parseDouble(kv[1]);
                    case "ops" -> ops = Double.parseDouble(kv[1]);
                    default -> throw new IllegalArgumentException("inject takes cpu=<0..1> ops=<n>, not '" + a + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("inject takes numbers: '" + a + "'");
            }
        }
        board.inject(cpu, ops);
        return "load injected cpu=" + cpu + " ops=" + ops + "\n";
    }

    private static Set<Long> leaving(List<String> args) {
        Set<Long> out = new HashSet<>();
        int i = args.indexOf("--leaving");
        if (i > 0) {
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("--leaving needs pids, e.g. --leaving 4711,4712");
            }
            for (String p : args.get(i + 1).split(",")) {
                try {
                    out.add(Long.parseLong(p.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--leaving takes pids, not '" + p + "'");
                }
            }
        }
        return out;
    }
}
