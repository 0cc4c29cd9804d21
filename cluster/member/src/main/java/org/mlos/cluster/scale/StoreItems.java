package org.mlos.cluster.scale;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Whether this node has a key-value store, found by name: the cluster bundle imports the store's
 * API optionally (a worker has none), so nothing here may load {@code KeyValueStore} until the
 * node is known to have one; {@link LocalStore} does the rest.
 */
final class StoreItems {

    static final String KIND = "org.mlos.mem.api.KeyValueStore";

    private StoreItems() {
    }

    /** The store handle's reference, or null if the node has no store. */
    static ServiceReference<?> handle(BundleContext context) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(KIND, "(mlos.handle=true)");
            return refs == null || refs.length == 0 ? null : refs[0];
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        } catch (IllegalStateException stopping) {
            return null;
        }
    }

    /** The node's store's items and the operations it served so far, or null where there is no store. */
    static long[] figures(BundleContext context) {
        ServiceReference<?> ref = handle(context);
        if (ref == null) {
            return null;
        }
        LocalStore s = LocalStore.of(context, ref);
        return new long[] { s.size(), s.operations() };
    }
}
