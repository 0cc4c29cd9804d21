package org.mlos.fault.durable;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.mlos.core.api.Kernel;
import org.mlos.core.settings.NodeProperties;
import org.mlos.fault.api.Durability;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * A framework with a prototype-scope heap store, as far as {@link DurableStoreRegistrar} uses it,
 * which keeps what the registrar registers and withdraws.
 */
final class RegistrarFramework {

    final List<Map<String, Object>> registered = Collections.synchronizedList(new ArrayList<>());
    final Map<Map<String, Object>, Object> services = Collections.synchronizedMap(new HashMap<>());
    final List<Map<String, Object>> unregistered = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> properties = new HashMap<>();

    /** A framework whose durable store keeps its folder in {@code dir}, synced, over the heap store. */
    RegistrarFramework(Path dir) {
        properties.putAll(Map.of(Durability.PROPERTY, "sync", Durability.DIR_PROPERTY, dir.toString(),
                DurableStoreRegistrar.STORE_PROPERTY, "heap"));
    }

    /** Checkpoints every {@code seconds}. */
    RegistrarFramework checkpointingEvery(int seconds) {
        properties.put(DurableStoreRegistrar.CHECKPOINT_S_PROPERTY, Integer.toString(seconds));
        return this;
    }

    /** The durable store recovers its folder as it registers, not at a swap into it. */
    RegistrarFramework recoveringBeforeServing() {
        properties.put(Kernel.DEFAULT_IMPL_PREFIX + KeyValueStore.class.getSimpleName() + Kernel.STANDIN_SUFFIX, "false");
        return this;
    }

    DurableStore durable() {
        return (DurableStore) services.get(registered.stream().filter(r -> "durable".equals(r.get(Kernel.IMPL))).findFirst()
                .orElseThrow(() -> new AssertionError("no durable store registered: " + registered)));
    }

    /** The published figure named {@code name} ({@link NodeProperties#METRIC}), and its properties. */
    Map<String, Object> metric(String name) {
        return registered.stream().filter(r -> name.equals(r.get(NodeProperties.METRIC))).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + ": " + registered));
    }

    long read(String metric) {
        return ((LongSupplier) services.get(metric(metric))).getAsLong();
    }

    BundleContext context() {
        ServiceReference<?> heap = (ServiceReference<?>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] { ServiceReference.class }, (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> Map.<String, Object>of(Constants.SERVICE_SCOPE, Constants.SCOPE_PROTOTYPE,
                            Kernel.IMPL, "heap").get((String) a[0]);
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    case "compareTo" -> 0;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        ServiceObjects<?> objects = (ServiceObjects<?>) Proxy.newProxyInstance(ServiceObjects.class.getClassLoader(),
                new Class<?>[] { ServiceObjects.class }, (p, m, a) -> switch (m.getName()) {
                    case "getService" -> new HeapStore(16L << 20);
                    case "ungetService" -> null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "createFilter" -> FrameworkUtil.createFilter((String) args[0]);
                    case "addServiceListener", "removeServiceListener" -> null;
                    case "getServiceReferences" -> String.valueOf(args[1]).contains("KeyValueStore")
                            ? new ServiceReference<?>[] { heap } : null;
                    case "getServiceReference" -> null;
                    case "getServiceObjects" -> objects;
                    case "registerService" -> registration(args);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ServiceRegistration<?> registration(Object[] args) {
        Map<String, Object> props = new HashMap<>();
        Dictionary<?, ?> d = (Dictionary<?, ?>) args[2];
        for (Object k : Collections.list(d.keys())) {
            props.put((String) k, d.get(k));
        }
        registered.add(props);
        services.put(props, args[1]);
        return (ServiceRegistration<?>) Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                new Class<?>[] { ServiceRegistration.class }, (p, m, x) -> switch (m.getName()) {
                    case "unregister" -> {
                        unregistered.add(props);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
