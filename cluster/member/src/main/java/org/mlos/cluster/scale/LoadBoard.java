package org.mlos.cluster.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.mlos.cluster.auth.AuthException;
import org.mlos.cluster.auth.SealedEntries;
import org.mlos.cluster.node.LocalNode;
import org.mlos.core.api.KindInfo;

import com.hazelcast.map.IMap;

/**
 * Publishes this node's {@link NodeLoad} every {@value #PERIOD_MS} ms in the cluster map
 * {@value #MAP}, sealed with the cluster secret like a registry entry (type {@value #TYPE}), and
 * reads every current member's. Kept apart from the registry's {@code NodeInfo} so that load,
 * which changes every second, does not rewrite the node's whole description; an entry lives
 * {@value #TTL_SECONDS} s unless refreshed. The node measures itself: CPU from its own process,
 * ops/s from what its clients asked for (a server's {@code mlos.load.ops} supplier: the memcached
 * server's), else from its store's operation counters, or where it has
 * no store from the calls its kinds counted (with call counting on), and its queue depths
 * ({@link QueueDepths}). {@link #inject} replaces the measured figures (tests,
 * drills) and the entry says so.
 */
public final class LoadBoard {

    public static final String MAP = "mlos.load";
    static final String TYPE = "load";
    static final long PERIOD_MS = 1000;
    static final int TTL_SECONDS = 10;

    private final LocalNode local;
    private final IMap<String, byte[]> map;
    private final ScheduledExecutorService timer;
    /** Framework property: {@code true} starts the node {@link NodeLoad#JOINING} (a scale-out does). */
    public static final String JOINING_PROPERTY = "mlos.scale.joining";

    private volatile String state;
    private volatile double[] injected; // cpu, ops, queue; null: measured
    private final LoadRates rates = new LoadRates(Runtime.getRuntime().availableProcessors());
    private volatile NodeLoad last;

    public LoadBoard(LocalNode local) {
        this.local = local;
        this.map = local.instance().getMap(MAP);
        this.state = "true".equals(local.context().getProperty(JOINING_PROPERTY)) ? NodeLoad.JOINING : NodeLoad.SERVING;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlos-load-board");
            t.setDaemon(true);
            return t;
        });
    }

    public LoadBoard start() {
        publishQuietly(); // before the node's ready line: a joining node is never taken for a serving one
        timer.scheduleWithFixedDelay(this::publishQuietly, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Sets this node's state ({@link NodeLoad#SERVING}, {@code JOINING}, {@code DRAINING}), published at once. */
    public void state(String s) {
        state = s;
        publishQuietly();
    }

    public String state() {
        return state;
    }

    /** Publishes these figures instead of measured ones until {@code null} is given. */
    public void inject(double cpu, double ops, long queue) {
        injected = new double[] { cpu, ops, queue };
        publishQuietly();
    }

    public void measure() {
        injected = null;
        publishQuietly();
    }

    synchronized void publish() {
        long now = System.nanoTime();
        // A store counts its operations (memcached's own stats); kinds count calls only where
        // call counting is on (off by default: it costs an atomic update per call).
        long[] store = StoreItems.figures(local.context());
        long clients = QueueDepths.clientOperations(local.context());
        long calls = 0;
        if (clients >= 0) {
            calls = clients; // what clients asked for, not the node's own probes of its store
        } else if (store != null) {
            calls = store[1];
        } else {
            for (KindInfo k : local.kernel().kinds()) {
                calls += Math.max(0, k.callsServed());
            }
        }
        LoadRates.Rates r = rates.sample(calls, cpuNanos(), now);
        double ops = r.opsPerSec();
        double cpu = r.cpu();
        double[] inj = injected;
        Map<String, Long> queues = QueueDepths.read(local.context());
        long queue = inj == null ? QueueDepths.total(queues) : (long) inj[2];
        NodeLoad load = new NodeLoad(local.id(), local.profile(), ProcessHandle.current().pid(), state,
                inj == null ? cpu : inj[0], inj == null ? ops : inj[1], store == null ? -1 : store[0], queue, queues,
                inj != null, System.currentTimeMillis());
        last = load;
        map.put(load.id(), local.auth().seal(TYPE, load.id() + "@" + local.address(), load.encode()), TTL_SECONDS,
                TimeUnit.SECONDS);
    }

    private void publishQuietly() {
        try {
            publish();
        } catch (RuntimeException e) {
            System.getLogger(LoadBoard.class.getName()).log(System.Logger.Level.DEBUG, "load publish failed", e);
        }
    }

    /** The verified loads of the cluster's current members, by profile then id. */
    public List<NodeLoad> loads() {
        return read(local);
    }

    /** The verified loads of the cluster's current members, by profile then id, as any component of the node reads them. */
    public static List<NodeLoad> read(LocalNode local) {
        IMap<String, byte[]> map = local.instance().getMap(MAP);
        Set<String> members = local.instance().getCluster().getMembers().stream().map(m -> m.getUuid().toString())
                .collect(Collectors.toSet());
        List<NodeLoad> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : SealedEntries.of(map)) {
            try {
                NodeLoad n = NodeLoad.decode(local.auth().openRepeatable(TYPE, e.getValue(),
                        Duration.ofSeconds(TTL_SECONDS + 5)).payload());
                if (n.id().equals(e.getKey()) && members.contains(n.id())) {
                    out.add(n);
                }
            } catch (AuthException | RuntimeException refused) {
                System.getLogger(LoadBoard.class.getName()).log(System.Logger.Level.WARNING,
                        "refused load entry " + e.getKey() + ": " + refused.getMessage());
            }
        }
        out.sort(Comparator.comparing(NodeLoad::profile).thenComparing(NodeLoad::id));
        return out;
    }

    public NodeLoad last() {
        return last;
    }

    public void stop() {
        timer.shutdownNow();
        try {
            map.remove(local.id());
        } catch (RuntimeException gone) {
            // expires anyway
        }
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
