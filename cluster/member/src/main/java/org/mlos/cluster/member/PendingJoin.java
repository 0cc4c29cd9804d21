package org.mlos.cluster.member;

import java.util.Hashtable;
import java.util.List;

import org.mlos.cluster.api.Cluster;
import org.mlos.core.api.NodeCommand;
import org.mlos.core.settings.NodeProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import com.hazelcast.core.HazelcastInstance;

/**
 * The cluster join while it runs in the background: the node serves meanwhile. Registered as
 * the {@code cluster} command of the control socket, it answers every request with why it cannot
 * yet ("not joined yet", or why the join failed) rather than letting it hang or go unanswered; the
 * real commands, ranked above it, take over once the member has joined. Its
 * {@link NodeProperties#PENDING} properties tell the launcher what the node still waits for.
 */
final class PendingJoin implements NodeCommand {

    private final String cluster;
    private final String searched;
    private final long startedNanos = System.nanoTime();
    private volatile String failure;
    private ServiceRegistration<NodeCommand> registration;

    private PendingJoin(String cluster, String searched) {
        this.cluster = cluster;
        this.searched = searched;
    }

    /** @param searched where members are looked for ({@link MemberSettings#searched()}) */
    static PendingJoin register(BundleContext context, String cluster, String searched) {
        PendingJoin p = new PendingJoin(cluster, searched);
        p.registration = context.registerService(NodeCommand.class, p, p.properties());
        return p;
    }

    private Hashtable<String, Object> properties() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(NodeCommand.NAME, "cluster");
        props.put(Constants.SERVICE_RANKING, Integer.valueOf(-1));
        // what the launcher's "not ready" line names: where a join that does not end looks, and why it may not end
        props.put(NodeProperties.PENDING, "cluster join (members looked for on " + searched + (failure != null ? ")"
                : "; another program listening on one of those ports keeps it waiting: then set mlos.cluster.port to"
                        + " a free range)"));
        props.put(NodeProperties.PENDING_PROVIDES, new String[] { Cluster.class.getName(), HazelcastInstance.class.getName() });
        if (failure != null) {
            props.put(NodeProperties.PENDING_FAILURE, failure);
        }
        return props;
    }

    @Override
    public String execute(List<String> args) {
        String why = failure;
        if (why != null) {
            return "error: this node did not join cluster " + cluster + ": " + why;
        }
        return "error: not joined yet: this node serves, and has been joining cluster " + cluster + " for "
                + (System.nanoTime() - startedNanos) / 1_000_000 + " ms; ask again in a moment (its log says when it joined)";
    }

    /** The join failed: say so to the launcher and to whoever asks. */
    void failed(String why) {
        failure = why == null ? "(no reason given)" : why;
        try {
            registration.setProperties(properties());
        } catch (IllegalStateException gone) {
            // the bundle is stopping
        }
    }

    /** The join is done (the real services are registered) or abandoned. */
    void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException gone) {
            // already unregistered, or the bundle is stopping
        }
    }
}
