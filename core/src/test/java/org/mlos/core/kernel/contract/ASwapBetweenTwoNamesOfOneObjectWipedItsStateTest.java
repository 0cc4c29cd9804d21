package org.mlos.core.kernel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;

/**
 * One object installed under two implementation names (one component registering the same
 * service object twice, or a plain-Java user aliasing "fast" and "default"). A swap between the
 * two names exported from and imported into the same object, whose export's commit then freed it:
 * COMPLETED, and every item gone. Found by an outsider; such a swap is refused now, saying why.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ASwapBetweenTwoNamesOfOneObjectWipedItsStateTest {

    @Test
    void aSwapBetweenTwoNamesOfOneObjectKeepsTheState() {
        SwapKernel kernel = new SwapKernel();
        Ledger h = kernel.handle(Ledger.class);
        MapLedger one = new MapLedger("one", false);
        kernel.install(Ledger.class, "default", one, 0);
        kernel.install(Ledger.class, "fast", one, 0);
        for (int i = 0; i < 100; i++) {
            h.add("k" + i, i);
        }
        SwapReport r = kernel.swap("Ledger", "fast");
        assertEquals(SwapOutcome.REFUSED, r.outcome(), r.toLine());
        assertTrue(r.reason().contains("are one object"), r.reason());
        assertEquals(100, h.size(), "state after " + r.toLine());
        assertEquals(42, h.get("k42"));
    }
}
