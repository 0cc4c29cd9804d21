package org.mlos.cluster.member;

import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.Optional;

import org.mlos.cluster.api.Cluster;
import org.mlos.cluster.auth.ClusterSecret;
import org.mlos.cluster.auth.MessageAuth;
import org.mlos.cluster.auth.TrustedSigners;
import org.mlos.cluster.registry.NodeRegistry;
import org.mlos.cluster.rollout.Rollouts;
import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.TaskTypes;
import org.mlos.cluster.swap.ClusterSwaps;
import org.mlos.cluster.swap.DecisionWatch;
import org.mlos.cluster.swap.PendingSwaps;
import org.mlos.core.api.Kernel;
import org.mlos.core.api.NodeEvents;
import org.mlos.core.settings.NodeProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;

/**
 * The node's Hazelcast member. {@code activate} checks the settings, the secret and the trusted
 * keys, then joins on a thread of its own, so the node serves while it joins (a join takes
 * seconds); until then {@link PendingJoin} answers the {@code cluster} commands with "not joined
 * yet" and tells the launcher what is pending. Publishes the {@link Cluster} service, and
 * the {@link HazelcastInstance} for bundles that keep data in the cluster (the distributed store).
 * Settings: see {@link MemberSettings}; the cluster secret ({@link ClusterSecret}) and the keys
 * trusted to sign rollouts ({@link TrustedSigners}) are read before the member starts, so a node
 * that cannot have them never joins.
 */
@Component(service = {}, immediate = true)
public final class ClusterMember {

    private static final System.Logger LOG = System.getLogger(ClusterMember.class.getName());

    @Reference
    private Kernel kernel;

    /** Where membership changes and coordinated swaps and rollouts are reported (journaled), if anywhere. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeEvents nodeEvents;

    private HazelcastInstance instance;
    private NodeRegistry registry;
    private LocalNode local;
    private PendingSwaps pendingSwaps;
    private DecisionWatch decisionWatch;
    private DataMembers dataMembers;
    private ServiceRegistration<?> clusterRegistration;
    private ServiceRegistration<?> instanceRegistration;
    private PendingJoin pending;
    /** Set once the join has ended with the cluster's services registered; guarded by this. */
    private boolean joinDone;
    private Thread joiner;
    private boolean stopping;

    /**
     * Framework property: {@code background} (the default) joins while the node serves; {@code boot}
     * joins before the node is ready, as nodes did before (for comparison: {@code mlos bench elastic}).
     */
    static final String JOIN_PROPERTY = "mlos.cluster.join";

    static boolean joinInBoot(String value) {
        if (value == null || value.isBlank() || value.trim().equals("background")) {
            return false;
        }
        if (value.trim().equals("boot")) {
            return true;
        }
        throw new IllegalArgumentException(JOIN_PROPERTY + " must be background (join while the node serves, the default)"
                + " or boot (the node is ready only once joined), got '" + value + "'");
    }

    /**
     * How long deactivation waits for Hazelcast's join while no member is made yet: long enough for
     * a join under way on a busy machine (3 s left one cut, and its thread met Hazelcast's bundle
     * gone), not longer: a join that never ends (another program listening on a member port) held
     * the node's stop for a minute; the join thread shuts its member down by itself if Hazelcast
     * lets it go later ({@link #join} sees {@code stopping}).
     */
    private static final long JOIN_WAIT_MS = 10_000;
    /** How long deactivation waits for a made member's steps after the join (a data member, its leave). */
    private static final long LEAVE_WAIT_MS = 60_000;
    /** Set once Hazelcast's join has returned a member: from then on its leave is waited for. */
    private volatile boolean memberMade;

    @Activate
    void activate(BundleContext context) {
        MemberSettings settings = MemberSettings.from(context::getProperty, servesData(context));
        Optional<ClusterSecret> secret = ClusterSecret.from(context::getProperty, System::getenv);
        settings.refuseExposureWithoutSecret(secret.isPresent());
        if (!settings.authenticate()) {
            LOG.log(System.Logger.Level.WARNING, "mlos.cluster.auth=off: this node accepts swaps, rollouts and registry"
                    + " entries from anyone who reaches its port; for measurements only");
        } else if (secret.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "no cluster secret: this node accepts swaps, rollouts and registry entries"
                    + " from itself only; give every node of the cluster the same one (" + MemberSettings.SECRET_HOWTO + ")");
        }
        TrustedSigners signers = TrustedSigners.from(context.getProperty(TrustedSigners.PROPERTY));
        Config config = settings.toConfig(getClass().getClassLoader());
        // Everything above is checked before the node serves: a node that may not join (no
        // secret beyond loopback, a bad setting) never starts. The join itself, seconds of it,
        // runs while the node serves; what needs the cluster waits for the services it registers.
        if (joinInBoot(context.getProperty(JOIN_PROPERTY))) {
            join(context, settings, secret, signers, config); // the node is ready only once joined
            return;
        }
        pending = PendingJoin.register(context, settings.clusterName(), settings.searched());
        joiner = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    join(context, settings, secret, signers, config);
                } catch (RuntimeException | Error e) {
                    if (stopping()) {
                        // the node stopped under a join it did not wait out: Hazelcast's bundle is gone
                        // (NoClassDefFoundError), which is the stop's doing, not the join's failure
                        LOG.log(System.Logger.Level.DEBUG, "cluster " + settings.clusterName() + ": the join ended by the stop: " + e);
                        return;
                    }
                    LOG.log(System.Logger.Level.ERROR, "cluster " + settings.clusterName() + ": the join failed: " + e, e);
                    pending.failed(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
                }
            }
        }, "mlos-cluster-join");
        joiner.setDaemon(true);
        joiner.start();
    }

    /** The join, then the registry, the swap and rollout services, on the join thread. */
    private void join(BundleContext context, MemberSettings settings, Optional<ClusterSecret> secret,
            TrustedSigners signers, Config config) {
        // Made here, not while the bundle starts: its warm-up loads the JCE's MAC (and a node
        // without a secret seeds a SecureRandom for one of its own), a few percent of a cache
        // node's boot that nothing before the join needs. The secret itself was checked in activate.
        byte[] key = secret.map(ClusterSecret::key).orElse(null);
        if (key == null && settings.authenticate()) {
            key = ownSecret();
        }
        MessageAuth auth = settings.authenticate() ? new MessageAuth(key) : MessageAuth.unauthenticated();
        // Hazelcast refuses members of another name: nodes that could not verify each other's
        // messages never join one cluster (they did, and refused each other's entries every 2 s).
        config.setClusterName(settings.hazelcastClusterName(key));
        JoinClock join = new JoinClock();
        config.addListenerConfig(new ListenerConfig(join));
        long start = System.nanoTime();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(getClass().getClassLoader());
        HazelcastInstance joined;
        OtherClusters others = OtherClusters.listen(config.getClusterName());
        ForeignProtocolLog foreign = ForeignProtocolLog.watch(config); // ends as the member shuts down
        JoinRefusalLog refusals = JoinRefusalLog.watch(config, settings.clusterName()); // likewise
        try {
            joined = Hazelcast.newHazelcastInstance(config);
            memberMade = true;
        } catch (RuntimeException | Error e) {
            others.close();
            foreign.close();
            refusals.close();
            throw e;
        } finally {
            t.setContextClassLoader(previous);
        }
        try {
            joinRest(context, settings, secret, signers, config, auth, join, start, joined, others);
        } finally {
            others.close();
        }
    }

    /** After Hazelcast's join: the data member, the registry, the services; {@code others} listens until the joined line. */
    private void joinRest(BundleContext context, MemberSettings settings, Optional<ClusterSecret> secret,
            TrustedSigners signers, Config config, MessageAuth auth, JoinClock join, long start, HazelcastInstance joined,
            OtherClusters others) {
        synchronized (this) {
            if (stopping) {
                ShutdownNoise.shutDownQuietly(joined); // the bundle stopped while this joined
                return;
            }
            instance = joined;
        }
        try {
            WireFormats.requireSame(joined, settings.clusterName());
        } catch (RuntimeException e) {
            ShutdownNoise.shutDownQuietly(joined);
            throw e;
        }
        DataMembers data;
        try {
            data = DataMembers.ensure(joined, java.time.Duration.ofSeconds(60), this::stopping);
        } catch (RuntimeException e) {
            ShutdownNoise.shutDownQuietly(joined);
            throw e;
        }
        if (data == null) {
            ShutdownNoise.shutDownQuietly(joined); // the bundle stopped while this waited for a data member
            return;
        }
        MergeTargets.keep(joined, config.getAdvancedNetworkConfig().getJoin().getTcpIpConfig());
        joined.getPartitionService().addPartitionLostListener(new PartitionLossLog(joined.getPartitionService().getPartitions().size()));
        ClusterEvents events = new ClusterEvents(() -> nodeEvents);
        joined.getCluster().addMembershipListener(events);
        long memberStartMillis = (System.nanoTime() - start) / 1_000_000;
        String profile = context.getProperty("mlos.profile");
        // Alone beside members that refused it: a wrong secret (or name), not a first member.
        int members = joined.getCluster().getMembers().size();
        String alone = others.aloneWarning(settings.clusterName(), members);
        String refused = others.refusedNote(settings.clusterName(), members);
        synchronized (this) {
            if (stopping) {
                data.close();
                ShutdownNoise.shutDownQuietly(joined);
                return;
            }
            dataMembers = data;
            local = new LocalNode(joined, profile == null ? "-" : profile, kernel, context, auth, signers,
                    org.mlos.cluster.scale.RehomeTask.register(Rollouts.register(ClusterSwaps.register(new TaskTypes()))));
            pendingSwaps = local.attach(PendingSwaps.class, new PendingSwaps(local));
            decisionWatch = DecisionWatch.start(local);
            joined.getUserContext().put(LocalNode.KEY, local); // the instance copied the config's map at start
            registry = new NodeRegistry(joined, local, memberStartMillis, join.millis());
            registry.start();
            org.mlos.cluster.progress.Operations operations = new org.mlos.cluster.progress.Operations();
            HazelcastCluster cluster = new HazelcastCluster(settings.clusterName(), local::id, registry,
                    new ClusterSwaps(joined, registry, operations), new Rollouts(joined, registry, operations),
                    secret.map(ClusterSecret::key).orElse(null), events, operations);
            clusterRegistration = context.registerService(Cluster.class, cluster, joinedProperties(alone != null));
            instanceRegistration = context.registerService(HazelcastInstance.class, joined, new Hashtable<>());
            joinDone = true;
        }
        // told before the pending join ends, so before the launcher's "mlos: joined alone" line
        if (refused != null) {
            LOG.log(System.Logger.Level.WARNING, refused);
        }
        if (alone != null) {
            LOG.log(System.Logger.Level.WARNING, alone);
        }
        if (pending != null) {
            pending.close(); // after the real services: the commands that need them are registered by now
        }
        LOG.log(System.Logger.Level.INFO, "joined cluster " + settings.clusterName() + (alone != null ? " alone" : "")
                + " in " + memberStartMillis + " ms");
    }

    /**
     * The Cluster service's properties: {@code alone} as the pending join's note, so the launcher's
     * {@code mlos: joined} line says it too; an operator reading only that line took a node with
     * the wrong secret for one that had joined ({@code AWrongSecretNodesJoinedLineDidNotSayAloneTest}).
     */
    static Hashtable<String, Object> joinedProperties(boolean alone) {
        Hashtable<String, Object> props = new Hashtable<>();
        if (alone) {
            props.put(NodeProperties.PENDING_NOTE, "alone");
        }
        return props;
    }

    /** Whether the node serves data from the cluster: its profile has the distributed store. */
    private static boolean servesData(BundleContext context) {
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            if (STORE_BUNDLE.equals(b.getSymbolicName())) {
                return true;
            }
        }
        return false;
    }

    private static final String STORE_BUNDLE = "org.mlos.cluster.store";

    /** A secret no other process knows: without a shared one, the node trusts only itself. */
    private static byte[] ownSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** Times the join: from the member's STARTING to its STARTED, when it is in the cluster. */
    private static final class JoinClock implements LifecycleListener {
        private volatile long starting;
        private volatile long started;

        @Override
        public void stateChanged(LifecycleEvent event) {
            if (event.getState() == LifecycleEvent.LifecycleState.STARTING) {
                starting = System.nanoTime();
            } else if (event.getState() == LifecycleEvent.LifecycleState.STARTED) {
                started = System.nanoTime();
            }
        }

        long millis() {
            return starting == 0 || started == 0 ? -1 : (started - starting) / 1_000_000;
        }
    }

    private synchronized boolean stopping() {
        return stopping;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        boolean joining;
        synchronized (this) {
            stopping = true;
            // still joining as the node stops (it failed to start): its member's stop is noise, see ShutdownNoise
            joining = !joinDone;
        }
        if (joiner != null) {
            // Hazelcast's join cannot be interrupted; it ends within its own timeouts.
            long start = System.nanoTime();
            joiner.join(JOIN_WAIT_MS);
            while (joiner.isAlive() && memberMade && System.nanoTime() - start < LEAVE_WAIT_MS * 1_000_000) {
                joiner.join(100);
            }
            if (joiner.isAlive() && !memberMade) {
                LOG.log(System.Logger.Level.INFO, "the cluster join under way did not end within " + JOIN_WAIT_MS / 1000
                        + " s of the stop; it is left to end by itself (Hazelcast's join cannot be interrupted), and its"
                        + " member is shut down then");
            }
        }
        if (pending != null) {
            pending.close();
        }
        synchronized (this) {
            if (instanceRegistration != null) {
                instanceRegistration.unregister();
            }
            if (clusterRegistration != null) {
                clusterRegistration.unregister();
            }
            if (registry != null) {
                registry.stop();
            }
            if (decisionWatch != null) {
                decisionWatch.close();
            }
            if (pendingSwaps != null) {
                pendingSwaps.close();
            }
            if (dataMembers != null) {
                dataMembers.close();
            }
            if (instance != null && joining) {
                ShutdownNoise.shutDownQuietly(instance);
            } else if (instance != null) {
                instance.shutdown();
            }
        }
    }
}
