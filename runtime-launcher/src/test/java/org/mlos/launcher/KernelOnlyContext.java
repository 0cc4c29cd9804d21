package org.mlos.launcher;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.KindInfo;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** A framework with no bundles to wait for and a kernel that knows {@code kinds} (by name or simple name), for readiness tests. */
final class KernelOnlyContext {

    private KernelOnlyContext() {
    }

    static BundleContext with(KindInfo... kinds) {
        Kernel kernel = proxy(Kernel.class, (name, args) -> switch (name) {
            case "kind" -> find(kinds, (String) args[0]);
            case "kinds" -> List.of(kinds);
            case "history" -> List.of();
            default -> throw new UnsupportedOperationException(name);
        });
        Bundle bundle = proxy(Bundle.class, (name, args) -> switch (name) {
            case "loadClass" -> Class.forName((String) args[0]);
            default -> throw new UnsupportedOperationException(name);
        });
        ServiceReference<?> ref = proxy(ServiceReference.class, (name, args) -> switch (name) {
            case "getBundle" -> bundle;
            default -> throw new UnsupportedOperationException(name);
        });
        return proxy(BundleContext.class, (name, args) -> switch (name) {
            case "getServiceReference" -> args[0].equals(Kernel.class.getName()) ? ref : null;
            case "getService" -> kernel;
            case "ungetService" -> true;
            case "getBundles" -> new Bundle[0];
            case "getServiceReferences", "getAllServiceReferences" -> null;
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private static Optional<KindInfo> find(KindInfo[] kinds, String name) {
        for (KindInfo k : kinds) {
            if (k.kind().equals(name) || k.simpleName().equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, a) -> {
            if (m.getDeclaringClass() == Object.class) {
                return m.getName().equals("equals") ? p == a[0] : m.getName().equals("hashCode") ? System.identityHashCode(p) : "fake";
            }
            return answer.answer(m.getName(), a == null ? new Object[0] : a);
        });
    }
}
