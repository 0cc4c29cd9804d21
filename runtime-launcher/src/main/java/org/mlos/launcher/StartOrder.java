package org.mlos.launcher;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The order a node starts its bundles in: extenders first (Declarative Services must see every
 * later bundle start), then every bundle after the bundles it is wired to, so that the kernel's
 * hooks and handles exist before the services that use them. Fragments are never started.
 */
final class StartOrder {

    private StartOrder() {
    }

    static List<Bundle> of(List<Bundle> bundles) {
        Set<Bundle> ordered = new LinkedHashSet<>();
        for (Bundle b : bundles) {
            if (isExtender(b)) {
                ordered.add(b);
            }
        }
        Set<Bundle> visiting = new LinkedHashSet<>();
        for (Bundle b : bundles) {
            visit(b, bundles, ordered, visiting);
        }
        List<Bundle> result = new ArrayList<>();
        for (Bundle b : ordered) {
            if (!isFragment(b)) {
                result.add(b);
            }
        }
        return result;
    }

    private static void visit(Bundle b, List<Bundle> all, Set<Bundle> ordered, Set<Bundle> visiting) {
        if (ordered.contains(b) || !visiting.add(b)) {
            return; // done, or a cycle: its members start in list order
        }
        BundleWiring wiring = b.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleWire wire : wiring.getRequiredWires(null)) {
                Bundle provider = wire.getProvider().getBundle();
                if (provider != b && all.contains(provider)) {
                    visit(provider, all, ordered, visiting);
                }
            }
        }
        ordered.add(b);
    }

    private static boolean isExtender(Bundle b) {
        BundleRevision rev = b.adapt(BundleRevision.class);
        return rev != null && !rev.getDeclaredCapabilities("osgi.extender").isEmpty();
    }

    private static boolean isFragment(Bundle b) {
        BundleRevision rev = b.adapt(BundleRevision.class);
        return rev != null && (rev.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }
}
