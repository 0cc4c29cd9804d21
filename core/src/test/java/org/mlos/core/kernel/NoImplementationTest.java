package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.NoImplementationException;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

@Timeout(30)
class NoImplementationTest {

    @Test
    void callersGetAnExceptionNamingTheKindAndWhatToInstall() {
        SwapKernel kernel = new SwapKernel();
        Counters handle = kernel.handle(Counters.class);
        NoImplementationException e = assertThrows(NoImplementationException.class, () -> handle.get("x"));
        assertEquals(Counters.class.getName(), e.kind());
        assertTrue(e.getMessage().contains("mlos.impl=<name>"), e.getMessage());
    }

    @Test
    void lastImplementationLeavingMakesCallsFailCleanly() {
        SwapKernel kernel = new SwapKernel();
        Counters handle = kernel.handle(Counters.class);
        MapCounters a = new MapCounters("a");
        kernel.install(Counters.class, "a", a, 0);
        handle.add("x", 1);
        SwapReport r = kernel.uninstall(Counters.class, "a", a);
        assertEquals(SwapOutcome.FORCED, r.outcome());
        assertThrows(NoImplementationException.class, () -> handle.get("x"));
    }

    @Test
    void callersWaitForAnImplementationWhenConfiguredTo() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withWaitMillis(10_000));
        Counters handle = kernel.handle(Counters.class);
        CompletableFuture<Long> call = CompletableFuture.supplyAsync(() -> handle.add("x", 4));
        Thread.sleep(100);
        assertTrue(!call.isDone());
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        assertEquals(4, call.get(5, TimeUnit.SECONDS));
    }

    @Test
    void waitingEndsWithTheExceptionAfterTheTimeout() {
        SwapKernel kernel = new SwapKernel();
        Counters handle = kernel.handle(Counters.class);
        kernel.configure("Counters", new KindPreference(null, 200, null));
        long t0 = System.nanoTime();
        assertThrows(NoImplementationException.class, () -> handle.get("x"));
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() >= 150);
    }
}
