package org.mlos.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.mlos.core.api.Kernel;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The minimal profile's bundles in a real framework: they all start and the kernel service is
 * there. Run in Felix, then again in Equinox (failsafe execution 'equinox').
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MinimalNodeIT {

    @Inject
    private BundleContext context;

    @Inject
    private Kernel kernel;

    @Configuration
    public Option[] config() {
        return options(ItestOptions.profile("minimal"), ItestOptions.common());
    }

    @Test
    public void kernelServiceIsRegistered() {
        ServiceReference<Kernel> ref = context.getServiceReference(Kernel.class);
        assertNotNull("the minimal node registers the kernel service", ref);
        assertEquals("org.mlos.core", ref.getBundle().getSymbolicName());
        assertTrue("a minimal node has no service kinds yet", kernel.kinds().isEmpty());
        assertTrue(kernel.history().isEmpty());
    }

    @Test
    public void runsInTheFrameworkItsExecutionAsksFor() {
        String expected = System.getProperty("mlos.itest.framework", "org.apache.felix.framework");
        assertEquals(expected, context.getBundle(0).getSymbolicName());
    }

    @Test
    public void everyProfileBundleIsActive() {
        for (Bundle b : context.getBundles()) {
            if (b.getHeaders().get("Fragment-Host") == null) {
                assertEquals(b.getSymbolicName() + " is active", Bundle.ACTIVE, b.getState());
            }
        }
    }
}
