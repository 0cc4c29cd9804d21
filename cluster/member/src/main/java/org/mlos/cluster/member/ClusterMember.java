package org.mlos.cluster.member;

import java.util.Hashtable;

import org.mlos.cluster.api.Cluster;
import org.mlos.cluster.registry.NodeRegistry;
import org.mlos.cluster.rollout.Rollouts;
import org.mlos.cluster.swap.ClusterSwaps;
import org.mlos.core.api.Kernel;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;

/**
 * The node's Hazelcast member. Joining happens in {@code activate}, so a node whose profile has
 * this bundle is ready only once it is in its cluster. Publishes the {@link Cluster} service, and
 * the {@link HazelcastInstance} for bundles that keep data in the cluster (the distributed store).
 * Settings: see {@link MemberSettings}.
 */
@Component(service = {}, immediate = true)
public final class ClusterMember {

    @Reference
    private Kernel kernel;

    private HazelcastInstance instance;
    private NodeRegistry registry;
    private ServiceRegistration<?> clusterRegistration;
    private ServiceRegistration<?> instanceRegistration;

    @Activate
    void activate(BundleContext context) {
        MemberSettings settings = MemberSettings.from(context::getProperty);
        Config config = settings.toConfig(getClass().getClassLoader());
        JoinClock join = new JoinClock();
        config.addListenerConfig(new ListenerConfig(join));
        long start = System.nanoTime();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(getClass().getClassLoader());
        try {
            instance = Hazelcast.newHazelcastInstance(config);
        } finally {
            t.setContextClassLoader(previous);
        }
        long memberStartMillis = (System.nanoTime() - start) / 1_000_000;
        String profile = context.getProperty("mlos.profile");
        LocalNode local = new LocalNode(instance.getCluster().getLocalMember().getUuid().toString(),
                profile == null ? "-" : profile, kernel, context);
        instance.getUserContext().put(LocalNode.KEY, local); // the instance copied the config's map at start
        registry = new NodeRegistry(instance, local, memberStartMillis, join.millis());
        registry.start();
        HazelcastCluster cluster = new HazelcastCluster(settings.clusterName(), local.id(), registry,
                new ClusterSwaps(instance, registry), new Rollouts(instance, registry));
        clusterRegistration = context.registerService(Cluster.class, cluster, new Hashtable<>());
        instanceRegistration = context.registerService(HazelcastInstance.class, instance, new Hashtable<>());
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

    @Deactivate
    void deactivate() {
        if (instanceRegistration != null) {
            instanceRegistration.unregister();
        }
        if (clusterRegistration != null) {
            clusterRegistration.unregister();
        }
        if (registry != null) {
            registry.stop();
        }
        if (instance != null) {
            instance.shutdown();
        }
    }
}
