package org.mlos.core.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlos.core.api.Kernel;
import org.mlos.core.testkinds.Counters;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

/**
 * An embedder's implementation registered under a kind without {@code mlos.impl} was ignored
 * without a word: the kernel tracks only services that name themselves, and nothing said why a
 * handle never called it. It is now told, once, with what to add; handles and named
 * implementations are not.
 */
class AServiceOfAKindWithoutItsNameIsToldTest {

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Logger log = Logger.getLogger(UnnamedImplementations.class.getName());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            warnings.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        log.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(handler);
    }

    @Test
    void aKindServiceWithoutImplIsToldOnceSayingWhatToAdd() {
        UnnamedImplementations unnamed = new UnnamedImplementations();
        ServiceReference<?> ref = reference(Map.of(Constants.OBJECTCLASS, new String[] { Counters.class.getName() },
                Constants.SERVICE_ID, 42L));
        unnamed.check(ref);
        unnamed.check(ref);
        assertEquals(1, warnings.size(), "told once: " + warnings);
        String w = warnings.get(0);
        assertTrue(w.contains("service 42 of bundle org.example.counters"), w);
        assertTrue(w.contains("kind " + Counters.class.getName() + " without mlos.impl"), w);
        assertTrue(w.contains("give it mlos.impl=<name>"), w);
    }

    @Test
    void aServiceOfNoKindIsNotTold() {
        UnnamedImplementations unnamed = new UnnamedImplementations();
        unnamed.check(reference(Map.of(Constants.OBJECTCLASS,
                new String[] { Runnable.class.getName(), "org.example.NotOnTheClassPath" }, Constants.SERVICE_ID, 7L)));
        assertEquals(List.of(), warnings);
    }

    /**
     * The check runs inside the framework's event delivery, which takes a listener's exception for
     * a framework error, and a node's launcher takes that for a failed boot: a service unregistered
     * meanwhile (no bundle) or an interface its bundle cannot link must pass without one.
     */
    @Test
    void aServiceGoneOrUnlinkableIsPassedOverWithoutAnException() {
        UnnamedImplementations unnamed = new UnnamedImplementations();
        Map<String, Object> props = Map.of(Constants.OBJECTCLASS, new String[] { Counters.class.getName() },
                Constants.SERVICE_ID, 9L);
        unnamed.check(reference(props, null));
        Bundle unlinkable = bundle(name -> {
            throw new NoClassDefFoundError("org/example/Parent");
        });
        unnamed.check(reference(props, unlinkable));
        assertEquals(List.of(), warnings);
    }

    /** A registration is checked off the registering thread (a node's boot does not wait for it), and told all the same. */
    @Test
    void aRegistrationIsCheckedOnTheChecksThread() throws Exception {
        UnnamedImplementations unnamed = new UnnamedImplementations();
        ServiceReference<?> ref = reference(Map.of(Constants.OBJECTCLASS, new String[] { Counters.class.getName() },
                Constants.SERVICE_ID, 43L));
        try {
            unnamed.serviceChanged(new ServiceEvent(ServiceEvent.REGISTERED, ref));
            for (int i = 0; i < 500 && warnings.isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertEquals(1, warnings.size(), "told: " + warnings);
        } finally {
            unnamed.close(closedContext());
        }
    }

    /** A context whose bundle stopped already, as the kernel's may be at close. */
    private static org.osgi.framework.BundleContext closedContext() {
        return (org.osgi.framework.BundleContext) Proxy.newProxyInstance(
                org.osgi.framework.BundleContext.class.getClassLoader(),
                new Class<?>[] { org.osgi.framework.BundleContext.class }, (p, m, a) -> {
                    throw new IllegalStateException("invalid context");
                });
    }

    @Test
    void theListenersFilterLeavesOutNamedImplementationsAndHandles() throws Exception {
        var filter = FrameworkUtil.createFilter(UnnamedImplementations.FILTER);
        assertTrue(filter.match(new Hashtable<>(Map.of(Constants.OBJECTCLASS, new String[] { "k" }))));
        assertFalse(filter.match(new Hashtable<>(Map.of(Kernel.IMPL, "heap"))), "a named implementation");
        assertFalse(filter.match(new Hashtable<>(Map.of(Kernel.HANDLE, Boolean.TRUE))), "the kernel's handle");
    }

    /** A registration by a bundle that sees this test's classes. */
    private static ServiceReference<?> reference(Map<String, Object> properties) {
        return reference(properties, bundle(Class::forName));
    }

    private interface Loader {
        Class<?> load(String name) throws ClassNotFoundException;
    }

    private static Bundle bundle(Loader loader) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] { Bundle.class },
                (p, m, a) -> switch (m.getName()) {
                    case "loadClass" -> loader.load((String) a[0]);
                    case "getSymbolicName" -> "org.example.counters";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static ServiceReference<?> reference(Map<String, Object> properties, Bundle bundle) {
        return (ServiceReference<?>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] { ServiceReference.class }, (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> properties.get((String) a[0]);
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    case "toString" -> "ref" + properties.get(Constants.SERVICE_ID);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
