package org.mlos.cluster.remote.osgi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mlos.core.api.KindHandle;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Finds a kind's interface on this node by name. A kind the kernel serves has a handle; a kind
 * this node carries no implementation of has none yet (the kernel makes the handle when the first
 * implementation arrives), so the interface is found where the kind processor marked it: the
 * bundle holding the kind provides {@code mlos.handle=<kind>} ({@link KindHandle}). That is what
 * lets a profile without any local implementation ask for a remote one.
 */
final class KindLookup {

    private final BundleContext context;

    KindLookup(BundleContext context) {
        this.context = context;
    }

    /** The kind's interface, by fully qualified or simple name. */
    Class<?> kindClass(String kind) throws Exception {
        Class<?> fromHandle = fromHandle(kind);
        if (fromHandle != null) {
            return fromHandle;
        }
        Map<String, Bundle> declared = declaredKinds();
        for (Map.Entry<String, Bundle> e : declared.entrySet()) {
            if (matches(e.getKey(), kind)) {
                return e.getValue().loadClass(e.getKey());
            }
        }
        throw new IllegalArgumentException("no kind named " + kind + " on this node (kinds here: " + declared.keySet()
                + "; install the bundle that declares it, its API bundle is enough for a remote implementation)");
    }

    /**
     * Every kind some installed bundle declares, by fully qualified name, with the bundle that holds
     * it (the first that provides its {@code mlos.handle} capability).
     */
    Map<String, Bundle> declaredKinds() {
        Map<String, Bundle> out = new LinkedHashMap<>();
        for (Bundle b : context.getBundles()) {
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision == null) {
                continue; // uninstalled meanwhile
            }
            List<BundleCapability> caps = revision.getDeclaredCapabilities(KindHandle.NAMESPACE);
            for (BundleCapability c : caps) {
                Object name = c.getAttributes().get(KindHandle.NAMESPACE);
                if (name instanceof String s) {
                    out.putIfAbsent(s, b);
                }
            }
        }
        return out;
    }

    static boolean matches(String qualified, String asked) {
        return qualified.equals(asked) || qualified.endsWith("." + asked);
    }

    /** The kind's interface, from its handle: the kernel registers handles, so the handle's class knows the kind. */
    private Class<?> fromHandle(String kind) throws Exception {
        ServiceReference<?>[] handles = context.getAllServiceReferences(null, "(mlos.handle=true)");
        if (handles == null) {
            return null;
        }
        for (ServiceReference<?> h : handles) {
            for (String objectClass : (String[]) h.getProperty("objectClass")) {
                if (matches(objectClass, kind)) {
                    Object handle = context.getService(h);
                    try {
                        for (Class<?> i : handle.getClass().getInterfaces()) {
                            if (i.getName().equals(objectClass)) {
                                return i;
                            }
                        }
                    } finally {
                        context.ungetService(h);
                    }
                }
            }
        }
        return null;
    }
}
