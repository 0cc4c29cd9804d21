package org.mlos.cluster.node;

import org.mlos.cluster.auth.MessageAuth;
import org.mlos.cluster.auth.TrustedSigners;
import org.mlos.core.api.Kernel;
import org.osgi.framework.BundleContext;

import com.hazelcast.core.HazelcastInstance;

/**
 * What tasks sent by other members find on this node: its kernel and framework, the tasks it
 * runs, and what it checks their messages and rolled-out bundles with. Kept in the Hazelcast
 * instance's user context under {@link #KEY}.
 */
public final class LocalNode {

    public static final String KEY = "mlos.node";

    private final String address;
    private final String profile;
    private final Kernel kernel;
    private final BundleContext context;
    private final HazelcastInstance instance;
    private final MessageAuth auth;
    private final TrustedSigners signers;
    private final TaskTypes taskTypes;
    private volatile Runnable onChange = () -> { };
    /** What other packages keep per node (the swap package's pending swaps...), by type. */
    private final java.util.Map<Class<?>, Object> parts = new java.util.concurrent.ConcurrentHashMap<>();

    public LocalNode(HazelcastInstance instance, String profile, Kernel kernel, BundleContext context, MessageAuth auth,
            TrustedSigners signers, TaskTypes taskTypes) {
        this.instance = instance;
        this.address = instance.getCluster().getLocalMember().getAddress().toString().replace("[", "").replace("]", "");
        this.profile = profile;
        this.kernel = kernel;
        this.context = context;
        this.auth = auth;
        this.signers = signers;
        this.taskTypes = taskTypes;
    }

    /** The local node of the member a task runs on. */
    public static LocalNode of(HazelcastInstance instance) {
        Object node = instance.getUserContext().get(KEY);
        if (!(node instanceof LocalNode n)) {
            throw new IllegalStateException("member " + instance.getName() + " is not a MultiLibOS node (yet)");
        }
        return n;
    }

    /**
     * The node's id: its member's UUID, read each time because Hazelcast gives a member a new one
     * when it merges back into its cluster after a split (a pause, a partition).
     */
    public String id() {
        return instance.getCluster().getLocalMember().getUuid().toString();
    }

    /** This member's cluster address, host:port. */
    public String address() {
        return address;
    }

    /** Who this node says it is in the messages it seals: id@host:port. */
    public String sender() {
        return id() + "@" + address;
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

    public HazelcastInstance instance() {
        return instance;
    }

    public MessageAuth auth() {
        return auth;
    }

    public TrustedSigners signers() {
        return signers;
    }

    public TaskTypes taskTypes() {
        return taskTypes;
    }

    /**
     * Keeps a part of this node that a package above this one owns (the swap package's pending
     * swaps): tasks reach it through the node without this package depending on theirs.
     */
    public <T> T attach(Class<T> type, T part) {
        if (parts.putIfAbsent(type, part) != null) {
            throw new IllegalStateException("this node has a " + type.getSimpleName() + " already");
        }
        return part;
    }

    /** The part of the given type, attached when the node started. */
    public <T> T part(Class<T> type) {
        Object p = parts.get(type);
        if (p == null) {
            throw new IllegalStateException("this node has no " + type.getSimpleName());
        }
        return type.cast(p);
    }

    /** Called when what the node runs changed (a swap, a rollout): the registry republishes. */
    public void changed() {
        onChange.run();
    }

    public void onChange(Runnable r) {
        onChange = r;
    }
}
