package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;
import org.mlos.core.remote.RemoteCallException;
import org.mlos.core.remote.RemoteMethod;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateImport;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.ForwardingImport;
import org.mlos.core.testkinds.MapCounters;

/**
 * An outsider killed a store node while a cache's store moved to it: the swap reported
 * {@code ROLLED_BACK … RemoteCallException: KeyValueStore.(state import batch) on node store-1:
 * cannot connect …; it did not run (the request never left this node), so it may be sent again},
 * a call's advice to its maker, read as if the swap might be sent again. The report says which node's
 * instance was lost during what, and that a kind whose implementation it was fails over on its own.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ASwapWhoseHostWasLostReportedTheCallsAdviceTest {

    private final SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(300));
    private final Counters handle = kernel.handle(Counters.class);

    @Test
    void theReportNamesTheLostNodeInTheSwapsWords() {
        RemoteMethod batch = new RemoteMethod("Counters", "(state import batch)", -1, true);
        MapCounters remote = new MapCounters("b@store") {
            @Override
            public StateImport importState(String format) {
                return new ForwardingImport((EntryImport) super.importState(format)) {
                    @Override
                    public void put(StateEntry entry) {
                        throw RemoteCallException.lostResendable(batch, "store-1", "cannot connect to 127.0.0.1:41234:"
                                + " Connection refused", "it did not run (the request never left this node), so it may be"
                                + " sent again", null);
                    }
                };
            }
        };
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        handle.add("k", 7);
        kernel.install(Counters.class, remote.who(), remote, 0);
        SwapReport r = kernel.swap("Counters", remote.who());
        assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
        assertTrue(r.failedStep() == SwapStep.COPY || r.failedStep() == SwapStep.IMPORT, r.toLine());
        assertTrue(r.reason().startsWith("the remote instance on node store-1 was lost during Counters's state import batch"
                + " (cannot connect to 127.0.0.1:41234: Connection refused); a kind whose implementation it was fails over on"
                + " its own"), r.reason());
        assertFalse(r.reason().contains("may be sent again"), r.reason());
        assertFalse(r.reason().contains("RemoteCallException"), r.reason());
        assertEquals("a", handle.who());
        assertEquals(7, handle.get("k"));
    }

    @Test
    void theCallsOwnMessageKeepsItsAdvice() {
        RemoteCallException e = new RemoteCallException(RemoteCallException.Failure.NODE_LOST,
                new RemoteMethod("Counters", "add", 0, true), "store-1", "the connection closed",
                "not retried, it mutates and may have run", null);
        assertEquals("Counters.add on node store-1: the connection closed; not retried, it mutates and may have run",
                e.getMessage());
        assertEquals("the connection closed", e.detail());
    }
}
