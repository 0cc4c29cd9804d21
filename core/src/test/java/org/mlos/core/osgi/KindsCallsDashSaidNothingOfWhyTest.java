package org.mlos.core.osgi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/**
 * {@code mlos kinds} showed {@code -} for the calls of a kind whose calls are not counted (the
 * default) and said nothing of why, nor how to have the figure. A line under the table now says
 * how to turn counting on, only when a row shows {@code -}.
 */
class KindsCallsDashSaidNothingOfWhyTest {

    @Test
    void uncountedCallsGetTheHintUnderTheTable() {
        SwapKernel kernel = new SwapKernel();
        kernel.install(Counters.class, "map", new MapCounters("map"), 0);
        String reply = new KernelCommands(kernel).kinds();
        assertTrue(reply.endsWith(KernelCommands.UNCOUNTED_HINT + System.lineSeparator()), reply);
        assertTrue(reply.contains("framework property mlos.kernel.count.calls=true"), reply);
        // said for an embedded framework too, which has no mlos run --set
        assertTrue(reply.contains("config.properties"), reply);
    }

    @Test
    void countedCallsGetNoHint() {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withCountCalls(true));
        kernel.install(Counters.class, "map", new MapCounters("map"), 0);
        String reply = new KernelCommands(kernel).kinds();
        assertFalse(reply.contains("hint:"), reply);
    }
}
