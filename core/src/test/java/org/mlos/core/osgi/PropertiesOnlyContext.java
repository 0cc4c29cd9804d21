package org.mlos.core.osgi;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.osgi.framework.BundleContext;

/** A bundle context that answers {@code getProperty} from a map and nothing else: what the control endpoint reads. */
final class PropertiesOnlyContext {

    private PropertiesOnlyContext() {
    }

    static BundleContext of(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
