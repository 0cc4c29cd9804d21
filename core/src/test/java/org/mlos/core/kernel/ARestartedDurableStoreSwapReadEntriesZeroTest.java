package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateImport;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.ForwardingImport;
import org.mlos.core.testkinds.MapCounters;

/**
 * The regression this pins: a node restarted on a durable store's folder swaps into the durable
 * store, whose import recovers every item from the folder, and the only line about it in
 * {@code mlos history} read {@code entries=0 replayed=0}: what moved from the empty store before
 * it, true and no help to an operator asking whether the items came back. What an import took in
 * beside the state sent ({@code StateImport.detail()}) is now the completed swap's note.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ARestartedDurableStoreSwapReadEntriesZeroTest {

    /** Counters whose import says what it took in, or fails to say. */
    static final class Saying extends MapCounters {
        private final String detail;

        Saying(String name, String detail) {
            super(name);
            this.detail = detail;
        }

        @Override
        public StateImport importState(String format) {
            return new ForwardingImport((EntryImport) super.importState(format)) {
                @Override
                public String detail() {
                    if (detail == null) {
                        throw new IllegalStateException("no word");
                    }
                    return detail;
                }
            };
        }
    }

    @Test
    void theImportsDetailIsTheCompletedSwapsNote() {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults());
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        kernel.install(Counters.class, "b", new Saying("b", "recovered from /data: journal_records=2000"), 0);
        kernel.handle(Counters.class).add("x", 1);

        SwapReport r = kernel.swap(Counters.class.getName(), "b");

        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertEquals(1, r.entries(), r.toLine());
        assertEquals("recovered from /data: journal_records=2000", r.reason(), r.toLine());
        assertTrue(r.toLine().endsWith(" reason=\"recovered from /data: journal_records=2000\""), r.toLine());
    }

    @Test
    void anImportWithNothingToSayLeavesTheNoteEmpty() {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults());
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);

        SwapReport r = kernel.swap(Counters.class.getName(), "b");

        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertNull(r.reason(), r.toLine());
    }

    @Test
    void anImportThatFailsToSayCostsTheSwapNothing() {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults());
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        kernel.install(Counters.class, "b", new Saying("b", null), 0);
        Counters h = kernel.handle(Counters.class);
        h.add("x", 5);

        SwapReport r = kernel.swap(Counters.class.getName(), "b");

        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertEquals("b", kernel.kind(Counters.class.getName()).orElseThrow().active(), r.toLine());
        assertEquals(5, h.get("x"));
        assertTrue(r.reason().contains("import detail(): java.lang.IllegalStateException: no word"), r.toLine());
    }
}
