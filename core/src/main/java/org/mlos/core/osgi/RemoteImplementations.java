package org.mlos.core.osgi;

import java.util.ArrayList;
import java.util.List;

import org.mlos.core.api.Kernel;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Where each remote implementation runs, for {@code mlos kinds}: an implementation named as it was
 * asked for ({@code heap@store}, a profile) is shown with the node it resolved to, read from the
 * service properties the remote bundle puts on it ({@code mlos.remote.node}, {@code endpoint.id}).
 */
final class RemoteImplementations {

    static final String NODE = "mlos.remote.node";

    private RemoteImplementations() {
    }

    /** One line per remote implementation registered now; empty when there is none. */
    static List<String> lines(BundleContext context) {
        List<String> out = new ArrayList<>();
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(null, "(&(" + Kernel.IMPL + "=*)(" + NODE + "=*))");
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        } catch (IllegalStateException stopping) {
            return out;
        }
        if (refs == null) {
            return out;
        }
        for (ServiceReference<?> r : refs) {
            String[] classes = (String[]) r.getProperty("objectClass");
            String kind = classes.length == 0 ? "?" : classes[0].substring(classes[0].lastIndexOf('.') + 1);
            Object endpoint = r.getProperty("endpoint.id");
            out.add("remote: " + kind + " " + r.getProperty(Kernel.IMPL) + " runs on node " + r.getProperty(NODE)
                    + (endpoint == null ? "" : " (" + endpoint + ")"));
        }
        out.sort(null);
        return out;
    }
}
