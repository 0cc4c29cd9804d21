package org.mlos.sched.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

/**
 * The schedulers' workers were set only by their configuration ({@code workers}, PIDs
 * {@code org.mlos.sched.pool|loops}), and the worker profile carries no Configuration Admin: an
 * operator could not set them at all. The framework property {@code mlos.sched.workers} ({@code
 * --set}) now sets them where the configuration does not.
 */
class AWorkerNodesWorkersCouldNotBeSetTest {

    private static SchedConfig config(int workers) {
        return (SchedConfig) Proxy.newProxyInstance(SchedConfig.class.getClassLoader(), new Class<?>[] { SchedConfig.class },
                (p, m, a) -> m.getName().equals("workers") ? workers : null);
    }

    private static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] { BundleContext.class },
                (p, m, a) -> m.getName().equals("getProperty") ? properties.get((String) a[0]) : null);
    }

    @Test
    void theFrameworkPropertySetsTheWorkersWhereTheConfigurationDoesNot() {
        assertEquals(3, Workers.of(config(0), context(Map.of("mlos.sched.workers", "3"))));
        assertEquals(5, Workers.of(config(5), context(Map.of("mlos.sched.workers", "3"))), "the configuration wins");
        assertEquals(Runtime.getRuntime().availableProcessors(), Workers.of(config(0), context(Map.of())));
    }

    @Test
    void aBadValueIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Workers.of(config(0), context(Map.of("mlos.sched.workers", "0"))));
        assertTrue(e.getMessage().contains("mlos.sched.workers"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Workers.of(config(0), context(Map.of("mlos.sched.workers", "four"))));
    }
}
