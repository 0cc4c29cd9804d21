package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;
import org.mlos.core.testkinds.PlainCounters;

/**
 * {@code mlos.kernel.copy.rate}: a ceiling on a live swap's copy while the old implementation
 * serves, never on a copy with callers held. Only lower bounds on time are checked (a busy machine
 * makes swaps slower, never faster).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CopyRateTest {

    @Test
    void aLiveCopyKeepsUnderTheCeiling() {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withCopyRate(2_000));
        Counters handle = kernel.handle(Counters.class);
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        for (int i = 0; i < 1_024; i++) {
            handle.add("k" + i, 1);
        }
        SwapReport r = kernel.swap("Counters", "b");
        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertEquals(1_024, r.entries());
        // 1,024 entries at 2,000 a second: the pass waits before its last batch until 0.512 s.
        assertTrue(r.transferMicros() >= 500_000, r.toLine());
    }

    @Test
    void aCopyWithCallersHeldIsNeverSlowedDown() {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withCopyRate(10));
        PlainCounters handle = kernel.handle(PlainCounters.class);
        kernel.install(PlainCounters.class, "a", new MapCounters("a"), 0);
        kernel.install(PlainCounters.class, "b", new MapCounters("b"), 0);
        for (int i = 0; i < 1_024; i++) {
            handle.add("k" + i, 1);
        }
        SwapReport r = kernel.swap("PlainCounters", "b");
        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        // At 10 a second this copy would hold callers for 100 s.
        assertTrue(r.pauseMicros() < 30_000_000, r.toLine());
    }

    @Test
    void aNegativeRateIsRefusedSayingWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelSettings.defaults().withCopyRate(-1));
        assertTrue(e.getMessage().contains("0: no ceiling"), e.getMessage());
    }
}
