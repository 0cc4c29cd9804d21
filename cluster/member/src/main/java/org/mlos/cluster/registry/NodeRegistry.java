package org.mlos.cluster.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.auth.AuthException;
import org.mlos.cluster.auth.MessageAuth;
import org.mlos.cluster.auth.SealedEntries;
import org.mlos.cluster.log.FloodLog;
import org.mlos.cluster.log.FloodLogs;
import org.mlos.cluster.node.LocalNode;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;

/**
 * Publishes this node's {@link NodeInfo} in the cluster map {@value #MAP} (a map, not a replicated
 * map: lite members, the nodes that hold no data, cannot keep a replicated map) and keeps it current
 * (every {@value #REFRESH_SECONDS} s, and at once when asked). An entry lives
 * {@value #TTL_SECONDS} s unless refreshed, and members remove the entry of a member that
 * leaves as soon as they see it go; readers only ever see entries of current members.
 * Entries are sealed with the cluster secret ({@link MessageAuth}, type {@value #TYPE}): one that
 * does not verify, is older than {@value #MAX_AGE_SECONDS} s, or sits under another node's key is
 * never listed, and its arrival is logged with the member that brought it (entries that do not
 * even deserialize, which a stranger member can write at will: the first of 10 s, then a count).
 */
public final class NodeRegistry {

    public static final String MAP = "mlos.nodes";
    static final int REFRESH_SECONDS = 2;
    static final int TTL_SECONDS = 15;
    static final String TYPE = "node";
    static final int MAX_AGE_SECONDS = TTL_SECONDS + 5;
    private static final System.Logger LOG = System.getLogger(NodeRegistry.class.getName());

    private final HazelcastInstance instance;
    private final LocalNode local;
    private final NodeSnapshot snapshot;
    private final IMap<String, byte[]> map;
    private ScheduledExecutorService refresher;
    private UUID listener;
    private UUID forgeryWatch;
    private UUID merged;
    private final java.util.concurrent.atomic.AtomicBoolean publishPending = new java.util.concurrent.atomic.AtomicBoolean();
    private final org.osgi.framework.ServiceListener kindsChanged = event -> soon();
    private final org.osgi.framework.BundleListener bundlesChanged = event -> soon();
    /** A stranger member can write such entries as fast as it likes: a line each filled the log. */
    private final FloodLog undeserializable = new FloodLog(FloodLog.TEN_SECONDS, (n, period, last) -> LOG.log(
            System.Logger.Level.WARNING, "refused " + n + " more registry entr" + (n == 1 ? "y" : "ies") + " that do not"
                    + " deserialize in the last " + period.toSeconds() + " s (the last " + last + ")"));
    /** A stranger member can forge entries as fast as it likes, a real node with a wrong clock every refresh. */
    private final FloodLogs refused = FloodLogs.refusedWarnings(LOG, "registry entry", "registry entries", FloodLogs::viaMember);

    public NodeRegistry(HazelcastInstance instance, LocalNode local, long memberStartMillis, long joinMillis) {
        this.instance = instance;
        this.local = local;
        this.snapshot = new NodeSnapshot(local, local.address(), memberStartMillis, joinMillis);
        this.map = instance.getMap(MAP);
    }

    public void start() {
        local.onChange(this::soon);
        listener = instance.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                soon();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                try {
                    map.remove(event.getMember().getUuid().toString());
                } catch (RuntimeException shuttingDown) {
                    // the cluster is going away with us
                }
            }
        });
        forgeryWatch = map.addEntryListener(new EntryAdapter<String, byte[]>() {
            @Override
            public void onEntryEvent(EntryEvent<String, byte[]> event) {
                // a stranger may write any type: nothing is cast before it is checked
                Object[] read = SealedEntries.read(event);
                if (read == null) {
                    String via = Strangers.address(event.getMember().getAddress());
                    if (undeserializable.first("written via member " + via)) {
                        LOG.log(System.Logger.Level.WARNING, "refused a registry entry that does not deserialize, written via member "
                                + via + " (" + Strangers.describe(local) + ")");
                    }
                    return;
                }
                Object key = read[0];
                Object value = read[1];
                if (value == null) {
                    return; // removed or expired
                }
                try {
                    check(local, key, value);
                } catch (AuthException | RuntimeException e) {
                    // The event's member is the writer when a member wrote; a client's write comes
                    // through the member it is connected to, which Hazelcast names instead.
                    String via = Strangers.address(event.getMember().getAddress());
                    String claimed = value instanceof byte[] sealed ? MessageAuth.claimedSender(sealed) : SealedEntries.describe(value);
                    if (refused.first(via, key + ", claiming sender " + claimed + ": " + e.getMessage())) {
                        LOG.log(System.Logger.Level.WARNING, "refused registry entry " + key + " written via member "
                                + via + " (the writer if a member wrote it; a client writes through a member; "
                                + Strangers.describe(local) + "), claiming sender " + claimed + ": " + e.getMessage());
                    }
                }
            }
        }, true);
        // A member that merged back after a split (a pause, a partition) has a new UUID, and the
        // cluster dropped its old entry: publish under the new one at once, not at the next refresh.
        merged = instance.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                soon();
            }
        });
        publish();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlos-cluster-registry");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::publishQuietly, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
        // What the node runs changes as its other bundles start, and with every swap and rollout:
        // published within a moment, not at the next refresh.
        try {
            local.context().addServiceListener(kindsChanged, "(|(mlos.handle=true)(mlos.endpoint=*))");
        } catch (org.osgi.framework.InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        local.context().addBundleListener(bundlesChanged);
    }

    /** Publishes shortly, once for a burst of changes. */
    private void soon() {
        ScheduledExecutorService r = refresher;
        if (r != null && publishPending.compareAndSet(false, true)) {
            r.schedule(() -> {
                publishPending.set(false);
                publishQuietly();
            }, 100, TimeUnit.MILLISECONDS);
        }
    }

    /** Publishes this node's entry now (after a swap or a rollout changed it). */
    public void publish() {
        NodeInfo info = snapshot.take(); // its id and the key must be the same member UUID, even across a merge
        map.put(info.id(), local.auth().seal(TYPE, info.id() + "@" + local.address(), NodeInfoCodec.encode(info)),
                TTL_SECONDS, TimeUnit.SECONDS);
    }

    private void publishQuietly() {
        try {
            publish();
        } catch (RuntimeException e) {
            System.getLogger(NodeRegistry.class.getName()).log(System.Logger.Level.DEBUG, "registry refresh failed", e);
        }
    }

    /** The verified nodes of the cluster's current members, sorted by profile then id. */
    public List<NodeInfo> nodes() {
        Set<String> members = instance.getCluster().getMembers().stream().map(m -> m.getUuid().toString())
                .collect(Collectors.toSet());
        List<NodeInfo> nodes = new ArrayList<>();
        for (java.util.Map.Entry<String, byte[]> e : SealedEntries.of(map)) {
            NodeInfo n = verified(local, e.getKey(), e.getValue());
            if (n != null && members.contains(n.id())) {
                nodes.add(n);
            }
        }
        nodes.sort(Comparator.comparing(NodeInfo::profile).thenComparing(NodeInfo::id));
        return nodes;
    }

    /** The cluster member of a node, or null if it is no longer a member. */
    public Member member(String nodeId) {
        for (Member m : instance.getCluster().getMembers()) {
            if (m.getUuid().toString().equals(nodeId)) {
                return m;
            }
        }
        return null;
    }

    /** The entry's node if it verifies and belongs under its key, else null. */
    static NodeInfo verified(LocalNode local, String key, byte[] sealed) {
        try {
            return check(local, key, sealed);
        } catch (AuthException | RuntimeException e) {
            return null;
        }
    }

    private static NodeInfo check(LocalNode local, Object anyKey, Object value) throws AuthException {
        if (!(anyKey instanceof String key) || !(value instanceof byte[] sealed)) {
            throw new AuthException("not a registry entry: key " + SealedEntries.describe(anyKey) + ", value "
                    + SealedEntries.describe(value));
        }
        NodeInfo n = NodeInfoCodec.decode(local.auth().openRepeatable(TYPE, sealed,
                java.time.Duration.ofSeconds(MAX_AGE_SECONDS)).payload());
        if (!n.id().equals(key)) {
            throw new AuthException("node " + n.id() + "'s entry under another node's key " + key);
        }
        return n;
    }

    public String localId() {
        return local.id();
    }

    public void stop() {
        try {
            local.context().removeServiceListener(kindsChanged);
            local.context().removeBundleListener(bundlesChanged);
        } catch (IllegalStateException contextGone) {
            // the bundle is stopping
        }
        if (refresher != null) {
            refresher.shutdownNow();
        }
        try {
            if (listener != null) {
                instance.getCluster().removeMembershipListener(listener);
            }
            if (merged != null) {
                instance.getLifecycleService().removeLifecycleListener(merged);
            }
            if (forgeryWatch != null) {
                map.removeEntryListener(forgeryWatch);
            }
            map.remove(local.id());
        } catch (RuntimeException alreadyDown) {
            // the entry expires anyway
        }
        undeserializable.flush(); // what was counted is told before the node goes
        refused.flush();
    }
}
