package org.mlos.launcher;

import java.util.TreeSet;

import org.mlos.core.settings.NodeProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * How the node's pending work ended, in the words its services give ({@link NodeProperties#PENDING_NOTE}),
 * for the lines that say it is done: a cluster member that joined with no member of its cluster
 * says {@code alone}. The {@code mlos: joined} line read as a join like any, and an operator who
 * read only it took a node with the wrong secret for one in the cluster.
 */
final class PendingNotes {

    private PendingNotes() {
    }

    /** The notes, each after a space, sorted; empty if none. */
    static String of(BundleContext context) throws InvalidSyntaxException {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(" + NodeProperties.PENDING_NOTE + "=*)");
        if (refs == null) {
            return "";
        }
        TreeSet<String> notes = new TreeSet<>(); // sorted: the registry's order varies from one start to the next
        for (ServiceReference<?> ref : refs) {
            notes.add(String.valueOf(ref.getProperty(NodeProperties.PENDING_NOTE)));
        }
        return " " + String.join(" ", notes);
    }
}
