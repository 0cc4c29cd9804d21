package org.mlos.core.kernel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.SwapAware;
import org.mlos.core.testkinds.ForwardingImport;

/**
 * Found by an outsider: a call made through the handle by the swapping thread itself, from the
 * incoming implementation's beforeServing() or the import's check(), went to the old
 * implementation after its state had moved: acknowledged (11), then gone after the swap (10).
 * Such a call is refused now (the state is between implementations), so the step fails and the
 * swap rolls back with the old implementation serving and nothing acknowledged lost.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AWriteFromASwapStepThroughTheHandleWasLostTest {

    /** The incoming implementation records that it took over, through its kind's handle. */
    static final class MarksItsArrival extends MapLedger implements SwapAware {
        volatile Ledger self;
        volatile long acknowledged = -1;

        MarksItsArrival(String name, boolean sorted) {
            super(name, sorted);
        }

        @Override
        public void beforeServing() {
            acknowledged = self.add("arrivals", 1);
        }
    }

    @Test
    void aWriteThroughTheHandleFromBeforeServingIsRefusedAndTheSwapRollsBack() {
        SwapKernel kernel = new SwapKernel();
        Ledger h = kernel.handle(Ledger.class);
        kernel.install(Ledger.class, "a", new MapLedger("a", false), 0);
        MarksItsArrival b = new MarksItsArrival("b", true);
        b.self = h;
        kernel.install(Ledger.class, "b", b, 0);
        h.add("arrivals", 10);

        SwapReport r = kernel.swap("Ledger", "b");
        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertTrue(r.reason().contains("from a step of the swap of "), r.reason());
        assertEquals("a", h.who());
        assertEquals(-1, b.acknowledged, "the call was not acknowledged");
        assertEquals(10, h.get("arrivals"), r.toLine());
        assertEquals(12, h.add("arrivals", 2), "the handle serves on after the rollback");
    }

    /** The same through the import's check(): a held (non-live) kind would behave alike. */
    @Test
    void aWriteThroughTheHandleFromTheImportsCheckIsRefusedAndTheSwapRollsBack() {
        SwapKernel kernel = new SwapKernel();
        Ledger h = kernel.handle(Ledger.class);
        kernel.install(Ledger.class, "a", new MapLedger("a", false), 0);
        long[] acked = { -1 };
        MapLedger b = new MapLedger("b", true) {
            @Override
            public StateImport importState(String format) {
                org.mlos.core.state.EntryImport inner = (org.mlos.core.state.EntryImport) super.importState(format);
                return new ForwardingImport(inner) {
                    @Override
                    public void check() {
                        acked[0] = h.add("checked", 1); // e.g. an audit counter kept in the kind itself
                    }
                };
            }
        };
        kernel.install(Ledger.class, "b", b, 0);
        SwapReport r = kernel.swap("Ledger", "b");
        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertTrue(r.reason().contains("from a step of the swap of "), r.reason());
        assertEquals(-1, acked[0], "the call was not acknowledged");
        assertEquals(0, h.get("checked"), r.toLine());
        assertEquals("a", h.who());
    }

}
