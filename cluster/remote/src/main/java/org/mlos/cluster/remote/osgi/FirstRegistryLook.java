package org.mlos.cluster.remote.osgi;

import java.util.Hashtable;

import org.mlos.core.settings.NodeProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Tells the launcher ({@link NodeProperties#PENDING}) that this node has not yet looked for its
 * remote preferences in the cluster's registry since it joined. Without it, on a busy machine the
 * launcher read the kernel between the join and that look and printed "nothing in the cluster has
 * offered heap@store yet: no node or profile named store has joined (start one …)" beside a store
 * node up for 30 s, which sends an operator to start a node that is already there. Withdrawn after
 * the first look ({@link StartPreferences}), whatever it found; from then on "no node has joined"
 * is what the registry said.
 */
final class FirstRegistryLook {

    static final String PENDING = "the first look at the cluster's registry for the remote kinds"
            + " (mlos.kind.<Kind>=<impl>@<node or profile>)";

    private volatile ServiceRegistration<?> registration;
    private boolean done;

    private FirstRegistryLook() {
    }

    /**
     * Marks the look pending if this node prefers some kind's implementation on another node; if it
     * prefers none there is nothing to claim missing, and nothing is marked (a node that joins in
     * its boot, {@code mlos.cluster.join=boot}, would otherwise show a pending join on its ready line).
     */
    static FirstRegistryLook registerIfPreferred(BundleContext context) {
        FirstRegistryLook look = new FirstRegistryLook();
        if (StartPreferences.remotePreferences(context).isEmpty()) {
            look.done = true;
            return look;
        }
        return register(context);
    }

    static FirstRegistryLook register(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(NodeProperties.PENDING, PENDING);
        FirstRegistryLook look = new FirstRegistryLook();
        // a marker only, nothing uses it; the framework wants the object to be of the class it is registered as
        look.registration = context.registerService(FirstRegistryLook.class.getName(), look, props);
        return look;
    }

    /** The registry has been looked at (or the node stops): the launcher may say what it lacks. */
    synchronized void done() {
        if (done) {
            return;
        }
        done = true;
        try {
            registration.unregister();
        } catch (IllegalStateException gone) {
            // the framework is stopping
        }
    }
}
