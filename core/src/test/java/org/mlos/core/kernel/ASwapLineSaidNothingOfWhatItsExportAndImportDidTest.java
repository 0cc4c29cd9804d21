package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateImport;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.ForwardingExport;
import org.mlos.core.testkinds.ForwardingImport;
import org.mlos.core.testkinds.MapCounters;

/**
 * The regressions this pins: a node restarted on a durable store's folder swaps into the durable
 * store, whose import recovers every item from the folder, and the only line about it in
 * {@code mlos history} read {@code entries=0 replayed=0}: what moved from the empty store before
 * it, true and no help to an operator asking whether the items came back; and a cluster swap away
 * from the durable store, which clears its journal, read {@code COMPLETED} on every node, the
 * warning only in the nodes' logs. What an import took in beside the state sent and what an export
 * left behind ({@code detail()} of each) are now the completed swap's note, which a cluster swap's
 * node lines carry.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ASwapLineSaidNothingOfWhatItsExportAndImportDidTest {

    /** Counters whose import says what it took in, or fails to say, and whose export says what it left. */
    static final class Saying extends MapCounters {
        private final String detail;
        private final String left;

        Saying(String name, String detail) {
            this(name, detail, null);
        }

        Saying(String name, String detail, String left) {
            super(name);
            this.detail = detail;
            this.left = left;
        }

        @Override
        public StateExport exportState(String format) {
            return new ForwardingExport((EntryExport) super.exportState(format)) {
                @Override
                public String detail() {
                    return left;
                }
            };
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
    void theExportsDetailComesFirstThenTheImports() {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults());
        kernel.install(Counters.class, "a", new Saying("a", "took nothing", "journal cleared"), 0);
        kernel.install(Counters.class, "b", new Saying("b", "recovered 0"), 0);
        kernel.swap(Counters.class.getName(), "a");

        SwapReport r = kernel.swap(Counters.class.getName(), "b");

        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertEquals("journal cleared; recovered 0", r.reason(), r.toLine());
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
