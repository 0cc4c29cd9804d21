package org.mlos.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.mlos.core.api.Kernel;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.mem.api.KeyValueStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A swap to an implementation whose component fails to activate (a slab store configured past
 * what it can hold) is refused with DS's reason, not "no longer available" (the reason was only
 * in the node's log), and the old implementation keeps serving with nothing lost.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ImplementationFailingActivationIT {

    @Inject
    private BundleContext context;

    @Inject
    private Kernel kernel;

    @Inject
    private KeyValueStore store;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return options(ItestOptions.profile("services"), ItestOptions.common()); // the profile has Config Admin
    }

    @Test
    public void aSwapToAnImplementationThatFailsToActivateSaysWhyAndTheOldOneServes() throws Exception {
        String before = kernel.kind("KeyValueStore").orElseThrow().active();
        store.set("kept", new byte[] {7}, 0, KeyValueStore.NEVER);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("capacity.mb", 70_000L); // past the slab store's 65,793 MB
        configAdmin.getConfiguration("org.mlos.mem.store.slab", "?").update(props);
        // DS applies a configuration on its own thread: the slab service shows it once applied, and
        // the kernel has it once the registration's event reached its tracker, a moment later
        for (int i = 0; i < 300 && !(reRegistered() && kernel.kind("KeyValueStore").orElseThrow().candidates()
                .contains("slab")); i++) {
            Thread.sleep(100);
        }

        SwapReport r = kernel.swap("KeyValueStore", "slab");
        assertEquals(r.toString(), SwapOutcome.REFUSED, r.outcome());
        assertTrue(r.reason(), r.reason().contains("its component failed to activate")
                && r.reason().contains("a slab store holds at most 65793 MB"));
        assertEquals(before, kernel.kind("KeyValueStore").orElseThrow().active());
        assertEquals(7, store.get("kept").value()[0]);
    }

    private boolean reRegistered() throws Exception {
        return !context.getServiceReferences(KeyValueStore.class, "(&(mlos.impl=slab)(capacity.mb=70000))").isEmpty();
    }
}
