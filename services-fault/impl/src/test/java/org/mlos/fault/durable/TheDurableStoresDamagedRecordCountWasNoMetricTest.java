package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.Kernel;
import org.mlos.fault.api.Durability;
import org.mlos.mem.store.heap.HeapStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The durable store counted the journal records its recovery found damaged on disk and did not
 * replay ({@link DurableStore#recoveryDamaged()}), said only in the log and the node's events: no
 * metric had it. The registrar now publishes it beside the store, a {@link LongSupplier} service
 * with {@code mlos.metric=mlos.durable.recovery.damaged} that the metrics bundle scrapes as a
 * gauge (its {@code PublishedFigures}), gone with the store.
 */
class TheDurableStoresDamagedRecordCountWasNoMetricTest {

    @TempDir
    Path dir;

    private final List<Map<String, Object>> registered = Collections.synchronizedList(new ArrayList<>());
    private final Map<Map<String, Object>, Object> services = Collections.synchronizedMap(new HashMap<>());
    private final List<Map<String, Object>> unregistered = Collections.synchronizedList(new ArrayList<>());

    @Test
    void theRecoverysDamagedRecordsArePublishedAsAMetricBesideTheStore() throws Exception {
        DurableStoreRegistrar registrar = new DurableStoreRegistrar();
        registrar.activate(context());
        try {
            Map<String, Object> metric = registered.stream()
                    .filter(r -> DurableStoreRegistrar.RECOVERY_DAMAGED_METRIC.equals(r.get(org.mlos.core.settings.NodeProperties.METRIC))).findFirst()
                    .orElseThrow(() -> new AssertionError("no metric of the recovery's damaged records: " + registered));
            assertNotNull(metric.get("mlos.metric.description"));
            assertTrue(String.valueOf(metric.get("mlos.metric.description")).contains("damaged on disk"));
            DurableStore durable = (DurableStore) services.get(registered.stream()
                    .filter(r -> "durable".equals(r.get(Kernel.IMPL))).findFirst().orElseThrow());
            assertEquals(durable.recoveryDamaged(), ((LongSupplier) services.get(metric)).getAsLong(), "the store's own figure");
        } finally {
            registrar.deactivate();
        }
        assertTrue(unregistered.stream().anyMatch(r -> r.containsKey("mlos.metric")), "gone with the store");
    }

    /** Where its writes go, so that its probation does not judge it by the memory store's speed (StoreProbeTest). */
    @Test
    void theDurableStoreSaysItsWritesGoToDisk() throws Exception {
        DurableStoreRegistrar registrar = new DurableStoreRegistrar();
        registrar.activate(context());
        try {
            Map<String, Object> durable = registered.stream().filter(r -> "durable".equals(r.get(Kernel.IMPL))).findFirst()
                    .orElseThrow(() -> new AssertionError("no durable store registered: " + registered));
            assertEquals("disk", durable.get(Kernel.WHERE));
        } finally {
            registrar.deactivate();
        }
    }

    /** A framework with a prototype-scope heap store, as far as the registrar uses it. */
    private BundleContext context() {
        Map<String, String> properties = Map.of(Durability.PROPERTY, "sync", Durability.DIR_PROPERTY, dir.toString(),
                DurableStoreRegistrar.STORE_PROPERTY, "heap");
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
