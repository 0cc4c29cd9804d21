package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapProgress;
import org.mlos.core.api.SwapProgress.Phase;
import org.mlos.core.api.SwapReport;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.GatedCounters;
import org.mlos.core.testkinds.MapCounters;

/**
 * A move to another node ({@code mlos swap KeyValueStore heap@store}) first opens the instance
 * there, before the kernel's swap starts, and while it did, {@code mlos swap} could only say it was
 * waiting. That step now shows as a swap in phase {@code PROVIDING}; it must never hide a swap of
 * the kind that runs already, nor outlive the swap proper that replaces it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProvidingProgressTest {

    @Test
    void whileTheImplementationIsProvidedTheSwapShowsThatStepAndNothingAfter() {
        SwapKernel kernel = new SwapKernel();
        kernel.handle(Counters.class);
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        Runnable provided = kernel.providing("Counters", "b@far");
        List<SwapProgress> now = kernel.swapsInFlight();
        assertEquals(1, now.size(), now.toString());
        SwapProgress p = now.get(0);
        assertEquals(Counters.class.getName(), p.kind());
        assertEquals(Phase.PROVIDING, p.phase());
        assertEquals("a", p.from());
        assertEquals("b@far", p.to());
        assertEquals("request", p.trigger());
        assertTrue(p.toLine().matches("swap Counters a -> b@far: providing the implementation, \\d+\\.\\d s"), p.toLine());
        provided.run();
        assertEquals(List.of(), kernel.swapsInFlight());
    }

    @Test
    void aKindNotYetKnownIsShownByTheNameAskedFor() {
        SwapKernel kernel = new SwapKernel();
        Runnable provided = kernel.providing("Remote", "heap@store");
        assertEquals("swap Remote (none) -> heap@store: providing the implementation",
                kernel.swapsInFlight().get(0).toLine().replaceAll(", \\d+\\.\\d s$", ""));
        provided.run();
        assertEquals(List.of(), kernel.swapsInFlight());
    }

    @Test
    void aSwapAlreadyRunningStaysShownAndTheSwapProperReplacesTheStep() throws Exception {
        SwapKernel kernel = new SwapKernel();
        Counters handle = kernel.handle(Counters.class);
        GatedCounters a = new GatedCounters("a", 100);
        kernel.install(Counters.class, "a", a, 0);
        GatedCounters b = new GatedCounters("b", Integer.MAX_VALUE);
        b.open();
        kernel.install(Counters.class, "b", b, 0);
        for (int i = 0; i < 300; i++) {
            handle.add("k" + i, 1);
        }
        // The step begins, then the swap proper starts (it replaces the step) and stops at a known point.
        Runnable provided = kernel.providing("Counters", "b");
        assertEquals(Phase.PROVIDING, kernel.swapsInFlight().get(0).phase());
        CompletableFuture<SwapReport> swap = CompletableFuture.supplyAsync(() -> kernel.swap("Counters", "b"));
        assertTrue(a.reached.tryAcquire(20, TimeUnit.SECONDS));
        assertEquals(Phase.PRE_COPY, only(kernel).phase());
        // The step's end does not take the running swap away with it.
        provided.run();
        assertEquals(Phase.PRE_COPY, only(kernel).phase());
        // A step begun while the swap runs does not hide it either.
        Runnable another = kernel.providing("Counters", "c@far");
        assertEquals(Phase.PRE_COPY, only(kernel).phase());
        another.run();
        assertEquals(Phase.PRE_COPY, only(kernel).phase());
        a.open();
        assertEquals("COMPLETED", swap.get(20, TimeUnit.SECONDS).outcome().name());
        assertEquals(List.of(), kernel.swapsInFlight());
        for (int i = 0; i < 300; i++) {
            assertEquals(1, handle.get("k" + i), "k" + i + " moved once");
        }
    }

    private static SwapProgress only(SwapKernel kernel) {
        List<SwapProgress> now = kernel.swapsInFlight();
        assertEquals(1, now.size(), now.toString());
        return now.get(0);
    }
}
