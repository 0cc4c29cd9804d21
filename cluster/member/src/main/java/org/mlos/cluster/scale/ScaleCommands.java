package org.mlos.cluster.scale;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

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

    static final String USAGE = "usage: scale loads | scale ring <profile> [--joining pids] [--leaving pids]"
            + " | scale drain [--leaving pids] [--grace-ms n] [--by epoch-ms] | scale rebalance --move <id> --joining pids [--since ms] [--end]"
            + " | scale serve | scale progress | scale inject cpu=<0..1> ops=<n> [queue=<n>] | scale inject off   (pids: 4711,4712)";
    static final long DEFAULT_GRACE_MS = 1500;
    static final int MAX_DRAIN_PASSES = 6;

    @Reference
    private Cluster cluster;

    @Reference
    private HazelcastInstance instance;

    private LocalNode local;
    private LoadBoard board;
    /** This node's drain or rebalance pass under way, for {@code scale progress}; null when none. */
    private volatile MoveProgress current;

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
                case "rebalance" -> rebalance(args);
                case "serve" -> {
                    board.state(NodeLoad.SERVING);
                    yield "serving\n";
                }
                case "inject" -> inject(args);
                case "progress" -> {
                    MoveProgress p = current;
                    yield p == null ? "" : p.line() + "\n";
                }
                default -> "error: unknown scale request " + args.get(0) + "; " + USAGE;
            };
        } catch (RuntimeException e) {
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

    /** {@code ring=<server> <server>…}: the memcached endpoints that hold keys of a profile. */
    private String ring(List<String> args) {
        if (args.size() < 2 || args.get(1).startsWith("--")) {
            throw new IllegalArgumentException(USAGE);
        }
        Map<String, String> servers = Move.ring(cluster.nodes(), board.loads(), args.get(1), pids(args, "--joining"),
                pids(args, "--leaving"));
        return "ring=" + String.join(" ", KetamaRing.of(servers.keySet()).servers()) + "\n";
    }

    /**
     * Drains this node: marks it draining (off the ring), waits for clients to notice, then moves
     * its items to their owners on the ring without it (and without the other nodes leaving), pass
     * after pass until one finds nothing stored since the previous began.
     */
    private String drain(List<String> args) throws InterruptedException {
        refuseLate(number(args, "--by", Long.MAX_VALUE));
        long start = System.nanoTime();
        Set<Long> leaving = new HashSet<>(pids(args, "--leaving"));
        leaving.add(ProcessHandle.current().pid());
        long grace = number(args, "--grace-ms", DEFAULT_GRACE_MS);
        Map<String, String> owners = Move.ring(cluster.nodes(), board.loads(), local.profile(), Set.of(), leaving);
        boolean hasStore = StoreItems.handle(local.context()) != null;
        if (hasStore && owners.isEmpty()) {
            int members = instance.getCluster().getMembers().size();
            throw new IllegalStateException("no other serving node of profile " + local.profile()
                    + " stays to take this node's items; not draining the last one (this node sees " + members
                    + (members == 1 ? " member" : " members") + " in its cluster: if others of its profile run, it may be"
                    + " rejoining after a pause, and a scale run again in a few seconds drains it; if it is the last,"
                    + " mlos cluster down stops the cluster)");
        }
        String before = board.state();
        board.state(NodeLoad.DRAINING);
        if (!hasStore) {
            return "drained moved=0 stored=0 passes=0 ms=" + ms(start) + " note=\"no key-value store: nothing to move\"\n";
        }
        MoveProgress progress = new MoveProgress("drain");
        current = progress;
        try {
            progress.step("grace of " + grace + " ms for clients to leave this node");
            Thread.sleep(grace);
            return drain(start, before, owners, progress);
        } finally {
            current = null;
        }
    }

    /**
     * A drain that reaches this node after {@code by} (wall-clock milliseconds: the scale runs on
     * this machine) is one whose scale gave up waiting for it and told the operator that nothing
     * was removed: this node was stopped ({@code kill -STOP}) while the request sat in its control
     * socket, and drained itself off the ring once resumed, though still listed, serving nothing.
     */
    static void refuseLate(long by) {
        long late = System.currentTimeMillis() - by;
        if (late > 0) {
            String why = "not draining: this drain came " + late + " ms after the time it had to begin by (past it, the"
                    + " scale that asked may give up on this node, stopped or too busy to answer, and tell it not removed);"
                    + " this node stays on the ring. Run the scale again to remove it";
            System.getLogger(ScaleCommands.class.getName()).log(System.Logger.Level.WARNING, why);
            throw new IllegalStateException(why);
        }
    }

    private String drain(long start, String before, Map<String, String> owners, MoveProgress progress) {
        Move move = Move.of(new Tasks(instance), UUID.randomUUID().toString(), owners);
        long moved = 0;
        long stored = 0;
        int passes = 0;
        Map<String, Long> perOwner = new TreeMap<>();
        try {
            long since = Long.MIN_VALUE;
            while (passes < MAX_DRAIN_PASSES) {
                Move.Pass p = move.pass(since, passes + 1, progress);
                passes++;
                if (p.nothingToMove()) {
                    return "drained moved=0 stored=0 passes=" + passes + " ms=" + ms(start)
                            + " note=\"the store keeps its items in the cluster (distributed): nothing to move\"\n";
                }
                moved += p.moved();
                stored += p.stored();
                p.perOwner().forEach((k, v) -> perOwner.merge(k, v, Long::sum));
                if (p.moved() == 0) {
                    break;
                }
                // the next pass reads what was stored since a moment before this one began: a write
                // stamped in the millisecond the pass began may have missed its read
                since = p.startedAt() - 1;
            }
        } catch (RuntimeException e) {
            board.state(before); // back on the ring: it still holds every item
            throw e;
        } finally {
            move.end();
        }
        return "drained moved=" + moved + " stored=" + stored + " passes=" + passes + " ms=" + ms(start) + " to=" + byPid(perOwner)
                + "\n";
    }

    /**
     * One pass of a scale-out's rebalance on this (staying) node: sends the items stored since
     * {@code --since} that the ring with the joining nodes gives to another node.
     */
    private String rebalance(List<String> args) {
        long start = System.nanoTime();
        int m = args.indexOf("--move");
        if (m < 0 || m + 1 >= args.size()) {
            throw new IllegalArgumentException("rebalance needs --move <id>; " + USAGE);
        }
        Set<Long> joining = pids(args, "--joining");
        Map<String, String> owners = Move.ring(cluster.nodes(), board.loads(), local.profile(), joining, Set.of());
        Move move = Move.of(new Tasks(instance), args.get(m + 1), owners);
        boolean last = args.contains("--end");
        Move.Pass p;
        MoveProgress progress = new MoveProgress("rebalance");
        current = progress;
        try {
            p = move.pass(number(args, "--since", Long.MIN_VALUE), last ? 2 : 1, progress);
        } finally {
            current = null;
            if (last) {
                move.end();
            }
        }
        // the last pass sent everything stored before it began: those copies here are no one's now
        long dropped = last && !p.nothingToMove() ? move.dropMoved(p.startedAt()) : 0;
        return "rebalanced moved=" + p.moved() + " stored=" + p.stored() + " dropped=" + dropped + " started=" + p.startedAt()
                + " ms=" + ms(start) + " to=" + byPid(p.perOwner()) + "\n";
    }

    /**
     * {@code 4711:600,4712:634}: the items each new owner took, by its process id, which the
     * launcher names by slot; the owners' member UUIDs it showed ({@code to={3f2c…=600, …}}) no
     * command names. An owner that left meanwhile keeps its UUID.
     */
    private String byPid(Map<String, Long> perOwner) {
        Map<String, Long> pids = new java.util.HashMap<>();
        try {
            cluster.nodes().forEach(n -> pids.put(n.id(), n.pid()));
        } catch (RuntimeException registryUnreadable) {
            // the move is done: its answer must not fail now (the node would stay off the ring, said not removed)
        }
        Map<String, Long> out = new TreeMap<>();
        perOwner.forEach((owner, n) -> out.merge(pids.containsKey(owner) ? Long.toString(pids.get(owner)) : owner, n, Long::sum));
        return out.isEmpty() ? "none"
                : out.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(java.util.stream.Collectors.joining(","));
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long number(List<String> args, String option, long otherwise) {
        int i = args.indexOf(option);
        if (i < 0) {
            return otherwise;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value; " + USAGE);
        }
        try {
            return Long.parseLong(args.get(i + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, not '" + args.get(i + 1) + "'");
        }
    }

    private String inject(List<String> args) {
        if (args.size() == 2 && args.get(1).equals("off")) {
            board.measure();
            return "load measured\n";
        }
        double cpu = -1;
        double ops = 0;
        long queue = 0;
        for (String a : args.subList(1, args.size())) {
            String[] kv = a.split("=", 2);
            try {
                switch (kv.length == 2 ? kv[0] : "") {
                    case "cpu" -> cpu = Double.parseDouble(kv[1]);
                    case "ops" -> ops = Double.parseDouble(kv[1]);
                    case "queue" -> queue = Long.parseLong(kv[1]);
                    default -> throw new IllegalArgumentException("inject takes cpu=<0..1> ops=<n> queue=<n>, not '" + a
                            + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("inject takes numbers: '" + a + "'");
            }
        }
        board.inject(cpu, ops, queue);
        return "load injected cpu=" + cpu + " ops=" + ops + " queue=" + queue + "\n";
    }

    private static Set<Long> pids(List<String> args, String option) {
        Set<Long> out = new HashSet<>();
        int i = args.indexOf(option);
        if (i > 0) {
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs pids, e.g. " + option + " 4711,4712");
            }
            for (String p : args.get(i + 1).split(",")) {
                try {
                    out.add(Long.parseLong(p.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(option + " takes pids, not '" + p + "'");
                }
            }
        }
        return out;
    }
}
