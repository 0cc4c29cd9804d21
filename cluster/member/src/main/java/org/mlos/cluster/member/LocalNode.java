package org.mlos.cluster.member;

import org.mlos.core.api.Kernel;
import org.osgi.framework.BundleContext;

import com.hazelcast.core.HazelcastInstance;

/**
 * What tasks sent by other members find on this node: its kernel and its framework. Kept in the
 * Hazelcast instance's user context under {@link #KEY}.
 */
public final class LocalNode {

    public static final String KEY = "mlos.node";

    private final String id;
    private final String profile;
    private final Kernel kernel;
    private final BundleContext context;
    private volatile Runnable onChange = () -> { };

    public LocalNode(String id, String profile, Kernel kernel, BundleContext context) {
        this.id = id;
        this.profile = profile;
        this.kernel = kernel;
        this.context = context;
    }

    /** The local node of the member a task runs on. */
    public static LocalNode of(HazelcastInstance instance) {
        Object node = instance.getUserContext().get(KEY);
        if (!(node instanceof LocalNode n)) {
            throw new IllegalStateException("member " + instance.getName() + " is not a MultiLibOS node (yet)");
        }
        return n;
    }

    public String id() {
        return id;
    }

    public String profile() {
        return profile;
    }

    public Kernel kernel() {
        return kernel;
    }

    public BundleContext context() {
        return context;
    }

    /** Called when what the node runs changed (a swap, a rollout): the registry republishes. */
    public void changed() {
        onChange.run();
    }

    public void onChange(Runnable r) {
        onChange = r;
    }
}
