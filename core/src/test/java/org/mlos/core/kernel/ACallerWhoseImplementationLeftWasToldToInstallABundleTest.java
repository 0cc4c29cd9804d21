package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlos.core.api.NoImplementationException;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/**
 * Found by an outsider: the clients of a front node whose store node died were told "no
 * implementation of kind … is installed: install a bundle that registers one", the words for a
 * kind that never had one. A kind whose implementation served and went away now names it.
 */
class ACallerWhoseImplementationLeftWasToldToInstallABundleTest {

    @Test
    void aKindThatNeverHadOneSaysHowToInstallOne() {
        SwapKernel kernel = new SwapKernel();
        Counters h = kernel.handle(Counters.class);
        String m = assertThrows(NoImplementationException.class, () -> h.get("x")).getMessage();
        assertTrue(m.startsWith("no implementation of kind " + Counters.class.getName() + " is installed: install a bundle"), m);
    }

    @Test
    void aKindWhoseLastImplementationWentAwayNamesIt() {
        SwapKernel kernel = new SwapKernel();
        Counters h = kernel.handle(Counters.class);
        MapCounters a = new MapCounters("a");
        MapCounters b = new MapCounters("b");
        kernel.install(Counters.class, "heap@store", a, 0);
        kernel.install(Counters.class, "b", b, 0);
        assertEquals(0, h.get("x"));
        kernel.uninstall(Counters.class, "b", b); // not the one serving
        kernel.uninstall(Counters.class, "heap@store", a);

        String m = assertThrows(NoImplementationException.class, () -> h.get("x")).getMessage();
        assertTrue(m.startsWith("no implementation of kind Counters serves: heap@store, the last that did, went away"
                + " (its bundle stopped, or the node it ran on left)"), m);
    }
}
