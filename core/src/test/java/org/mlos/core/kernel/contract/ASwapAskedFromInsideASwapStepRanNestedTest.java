package org.mlos.core.kernel.contract;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.state.SwapAware;
import org.mlos.core.testkinds.ForwardingImport;

/**
 * Found by an outsider: a swap requested from inside a swap's own callback (the incoming
 * implementation's beforeServing() decides it is not fit and asks for a fallback; a failed
 * import's abort() does) ran nested inside the first, the kind's lock being reentrant: it
 * released the callers the first held and switched, then the first switched on top of it (a write
 * acknowledged in between lost), or rolled back onto an implementation whose state the nested
 * swap had freed while the kernel named another active. It is refused now, saying why.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ASwapAskedFromInsideASwapStepRanNestedTest {

    @Test
    void aSwapRequestedFromBeforeServingIsRefused() throws Exception {
        SwapKernel kernel = new SwapKernel();
        Ledger h = kernel.handle(Ledger.class);
        kernel.install(Ledger.class, "a", new MapLedger("a", false), 0);
        kernel.install(Ledger.class, "c", new MapLedger("c", true), 0);
        SwapReport[] nested = new SwapReport[1];
        final class Unfit extends MapLedger implements SwapAware {
            Unfit() {
                super("b", true);
            }

            @Override
            public void beforeServing() {
                nested[0] = kernel.swap("Ledger", "c"); // fall back to c instead
            }
        }
        kernel.install(Ledger.class, "b", new Unfit(), 0);
        for (int i = 0; i < 50; i++) {
            h.add("k" + i, 1);
        }
        SwapReport outer = kernel.swap("Ledger", "b");
        String serving = h.who();
        String kernelSays = kernel.kind("Ledger").get().active();
        assertAll(
                () -> assertEquals(SwapOutcome.REFUSED, nested[0].outcome(), nested[0].toLine()),
                () -> assertTrue(nested[0].reason().contains("requested from a step of the swap of "),
                        nested[0].reason()),
                () -> assertEquals(SwapOutcome.COMPLETED, outer.outcome(), outer.toLine()),
                () -> assertEquals("b", serving),
                () -> assertEquals(kernelSays, serving, "the kernel's view and the handle disagree"),
                () -> assertEquals(50, h.size(), "every item moved once"));
    }

    /** The same root cause during a rollback: the failed import's abort() asks for a fallback. */
    @Test
    void aSwapRequestedWhileTheFirstRollsBackIsRefused() throws Exception {
        SwapKernel kernel = new SwapKernel();
        Ledger h = kernel.handle(Ledger.class);
        kernel.install(Ledger.class, "a", new MapLedger("a", false), 0);
        kernel.install(Ledger.class, "c", new MapLedger("c", true), 0);
        SwapReport[] nested = new SwapReport[1];
        final class FailsAndFallsBack extends FaultyLedger {
            FailsAndFallsBack() {
                super("b", true);
            }

            @Override
            public org.mlos.core.state.StateImport importState(String format) {
                org.mlos.core.state.EntryImport inner = (org.mlos.core.state.EntryImport) super.importState(format);
                return new ForwardingImport(inner) {
                    @Override
                    public void abort() {
                        super.abort();
                        nested[0] = kernel.swap("Ledger", "c"); // b failed: fall back to c
                    }
                };
            }
        }
        FailsAndFallsBack b = new FailsAndFallsBack();
        b.armed.set(FaultyLedger.Fault.BEFORE_SERVING);
        kernel.install(Ledger.class, "b", b, 0);
        for (int i = 0; i < 50; i++) {
            h.add("k" + i, 1);
        }
        SwapReport outer = kernel.swap("Ledger", "b");
        h.add("after", 1);
        String serving = h.who();
        String kernelSays = kernel.kind("Ledger").get().active();
        assertAll(
                () -> assertEquals(SwapOutcome.REFUSED, nested[0].outcome(), nested[0].toLine()),
                () -> assertEquals(SwapOutcome.ROLLED_BACK, outer.outcome(), outer.toLine()),
                () -> assertEquals("a", serving),
                () -> assertEquals(kernelSays, serving, "the kernel's view and the handle disagree"),
                () -> assertEquals(51, h.size(), "state after the nested swap"));
    }
}
