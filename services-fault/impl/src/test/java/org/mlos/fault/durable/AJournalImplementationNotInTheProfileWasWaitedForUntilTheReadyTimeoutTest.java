package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.NodeEvents;
import org.mlos.core.settings.NodeProperties;
import org.mlos.core.testing.LoggedLines;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.RecordLogs;
import org.mlos.fault.log.SegmentLog;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * A durable node whose {@code mlos.fault.store.journal} named a journal implementation its profile
 * does not have ({@code --set mlos.fault.store.journal=chronicl}) waited for it until its ready
 * timeout, 30 s, and then ended naming only the memcached server's unsatisfied reference to a
 * store. Now, within seconds of the framework's start, the durable store says which
 * implementation was asked for, which ones the node has, and what to do: a WARNING, the node's
 * events, and its failure to the launcher (which ends the node with it). One arriving later
 * still serves: the failure is withdrawn.
 */
@Timeout(30)
class AJournalImplementationNotInTheProfileWasWaitedForUntilTheReadyTimeoutTest {

    @TempDir
    Path dir;

    private final List<Map<String, Object>> registered = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, Object>> unregistered = Collections.synchronizedList(new ArrayList<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<ServiceListener> listeners = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aMisspeltJournalIsSaidWithinSecondsNamingThoseTheNodeHas() throws Exception {
        DurableStoreRegistrar registrar = new DurableStoreRegistrar();
        try (LoggedLines log = LoggedLines.of(DurableStoreRegistrar.class.getName())) {
            long start = System.nanoTime();
            registrar.activate(context("chronicl"));
            Map<String, Object> failure = awaitFailure();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs < 10_000, "said within seconds, not at the ready timeout: " + tookMs + " ms");
            String why = String.valueOf(failure.get(NodeProperties.PENDING_FAILURE));
            assertTrue(why.startsWith("mlos.fault.store.journal=chronicl names a journal implementation this node does not"
                    + " have (it has: segments, chronicle): "), why);
            assertTrue(why.contains("set mlos.fault.store.journal to one of them"), "what to do: " + why);
            // the node has chronicle: a typo, and no profile or bundle to tell of (the re-check's
            // cache-chronicle node was told to run cache-chronicle)
            assertTrue(!why.contains("cache-chronicle") && why.contains("keeps its items there); "), why);
            assertTrue(log.at(Level.WARNING).stream().anyMatch(l -> l.contains("chronicl names a journal implementation")),
                    "a WARNING: " + log.at(Level.WARNING));
            assertTrue(events.stream().anyMatch(e -> e.contains("chronicl names a journal implementation")),
                    "told to the node's events: " + events);

            // the bundle installed after all: the failure withdrawn, the durable store goes on
            for (ServiceListener l : List.copyOf(listeners)) {
                l.serviceChanged(new ServiceEvent(ServiceEvent.REGISTERED, reference(Map.of(RecordLogs.IMPL, "chronicl",
                        Constants.OBJECTCLASS, new String[] { RecordLogs.class.getName() }))));
            }
            assertTrue(unregistered.contains(failure), "the failure withdrawn once it arrived");
        } finally {
            registrar.deactivate();
        }
    }

    private Map<String, Object> awaitFailure() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            synchronized (registered) {
                for (Map<String, Object> r : registered) {
                    if (r.containsKey(NodeProperties.PENDING_FAILURE)) {
                        return r;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the durable store said nothing of the journal it waits for in 10 s: " + registered);
    }

    /** A started framework with a chronicle RecordLogs and the node's events, as far as the registrar uses it. */
    private BundleContext context(String journal) {
        Map<String, String> properties = Map.of(Durability.PROPERTY, "sync", Durability.DIR_PROPERTY, dir.toString(),
                RecordLogs.STORE_JOURNAL_PROPERTY, journal);
        Bundle system = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] { Bundle.class },
                (p, m, a) -> switch (m.getName()) {
                    case "getState" -> Bundle.ACTIVE;
                    case "getBundleId" -> 0L;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        ServiceReference<?> chronicle = reference(Map.of(RecordLogs.IMPL, "chronicle"));
        ServiceReference<?> nodeEvents = reference(Map.of());
        RecordLogs logs = (d, bytes) -> new SegmentLog(d, bytes);
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "createFilter" -> FrameworkUtil.createFilter((String) args[0]);
                    case "addServiceListener" -> listeners.add((ServiceListener) args[0]);
                    case "removeServiceListener" -> listeners.remove(args[0]);
                    case "getServiceReferences" -> RecordLogs.class.getName().equals(args[0])
                            ? new ServiceReference<?>[] { chronicle } : null;
                    case "getServiceReference" -> args[0] == NodeEvents.class ? nodeEvents : null;
                    case "getService" -> args[0] == nodeEvents ? (NodeEvents) (source, line) -> events.add(line) : logs;
                    case "ungetService" -> true;
                    case "getBundle" -> system;
                    case "getBundles" -> new Bundle[] { system };
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
        return (ServiceRegistration<?>) Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                new Class<?>[] { ServiceRegistration.class }, (p, m, x) -> switch (m.getName()) {
                    case "unregister" -> {
                        unregistered.add(props);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static ServiceReference<?> reference(Map<String, Object> properties) {
        return (ServiceReference<?>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] { ServiceReference.class }, (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> properties.get((String) a[0]);
                    case "getPropertyKeys" -> properties.keySet().toArray(new String[0]);
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    case "compareTo" -> 0;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
