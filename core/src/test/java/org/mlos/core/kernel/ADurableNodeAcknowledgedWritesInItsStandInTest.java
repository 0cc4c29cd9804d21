package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.NoImplementationException;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/**
 * An outsider's durable cache node whose durable store could not start (a damaged journal) served
 * its clients from the memory store that stood in during the boot for 30 s, acknowledging writes
 * that were gone when the node gave up; on another node a journal kept on disk took the records of
 * the one that stood in for it in place of its own history. With {@code mlos.kind.<kind>.standin=false}
 * no other implementation serves a kind before its preferred one: callers are told it is awaited.
 */
@Timeout(30)
class ADurableNodeAcknowledgedWritesInItsStandInTest {

    private static SwapKernel kernel(String standin) {
        return new SwapKernel(KernelSettings.defaults().withDefaultImpl(k -> k.endsWith("Counters") ? "durable"
                : k.endsWith("Counters" + Preferences.STANDIN_SUFFIX) ? standin : null));
    }

    /** The handles the kernel published, as its OSGi binding registers them. */
    private static List<Object> published(SwapKernel kernel) {
        List<Object> handles = new java.util.concurrent.CopyOnWriteArrayList<>();
        kernel.addListener(new SwapKernel.KindListener() {
            @Override
            public void kindAdded(Class<?> kind, Object handle) {
                handles.add(handle);
            }

            @Override
            public void kindRemoved(Class<?> kind, Object handle) {
                handles.remove(handle);
            }
        });
        return handles;
    }

    private static String active(SwapKernel kernel) {
        return kernel.kind(Counters.class.getName()).orElseThrow().active();
    }

    @Test
    void noStandInServesAndCallersAreToldWhatTheKindAwaits() {
        SwapKernel kernel = kernel("false");
        List<Object> published = published(kernel);
        kernel.install(Counters.class, "heap", new MapCounters("heap"), 0);
        assertEquals(List.of(), published, "no handle for consumers while nothing may serve: the memcached server waits");
        Counters handle = kernel.handle(Counters.class);
        assertNull(active(kernel), "the memory store is installed, not serving");
        NoImplementationException e = assertThrows(NoImplementationException.class, () -> handle.add("k", 1));
        assertTrue(e.getMessage().contains("serves no call until its implementation durable starts"), e.getMessage());
        assertTrue(e.getMessage().contains("mlos.kind.Counters.standin=false"), e.getMessage());

        MapCounters durable = new MapCounters("durable");
        kernel.install(Counters.class, "durable", durable, 0);
        assertEquals("durable", active(kernel));
        assertEquals(List.of(handle), published, "published once the awaited implementation serves");
        handle.add("k", 2);
        assertEquals(2, durable.get("k"), "the call went to the awaited implementation");
        assertEquals(List.of(), kernel.history(), "made active as it arrived: no swap, nothing imported over it");
    }

    @Test
    void installedTogetherAtTheKernelsStartTheStandInDoesNotServeEither() {
        SwapKernel kernel = kernel("false");
        kernel.installTogether(() -> kernel.install(Counters.class, "heap", new MapCounters("heap"), 0));
        assertNull(active(kernel));
        kernel.install(Counters.class, "durable", new MapCounters("durable"), 0);
        assertEquals("durable", active(kernel));
    }

    @Test
    void anOperatorMaySwapToAnInstalledOneWhileTheKindWaits() {
        SwapKernel kernel = kernel("false");
        List<Object> published = published(kernel);
        kernel.install(Counters.class, "heap", new MapCounters("heap"), 0);
        SwapReport swap = kernel.swap(Counters.class.getName(), "heap");
        assertEquals(SwapOutcome.COMPLETED, swap.outcome());
        assertEquals(1, published.size(), "published once the swap made one serve");
        kernel.handle(Counters.class).add("k", 1);
        assertEquals("heap", active(kernel));

        MapCounters durable = new MapCounters("durable");
        kernel.install(Counters.class, "durable", durable, 0);
        assertEquals("durable", active(kernel), "the awaited one still takes over as it arrives");
        assertEquals(1, durable.get("k"), "with what the operator's choice took meanwhile");
    }

    /**
     * The outsider's operator swapped a durable node's store to heap before the durable store had
     * started: the swap said {@code COMPLETED null -> heap} and nothing else, and the node gave up
     * at its ready timeout with what heap had acknowledged.
     */
    @Test
    void anOperatorsSwapToAStandInWhileTheKindWaitsSaysWhatItsWritesAreNot() {
        SwapKernel kernel = kernel("false");
        kernel.install(Counters.class, "heap", new MapCounters("heap"), 0);
        SwapReport swap = kernel.swap(Counters.class.getName(), "heap");
        assertEquals(SwapOutcome.COMPLETED, swap.outcome());
        assertTrue(swap.toLine().contains("reason=\"heap serves while kind Counters waits for its preferred implementation"
                + " durable (mlos.kind.Counters.standin=false): what heap takes meanwhile is kept by durable only once"
                + " durable starts"), swap.toLine());
        assertEquals(List.of(swap), kernel.history(), "mlos history says it too");

        MapCounters durable = new MapCounters("durable");
        kernel.install(Counters.class, "durable", durable, 0);
        kernel.swap(Counters.class.getName(), "heap");
        assertNull(kernel.history().get(kernel.history().size() - 1).reason(),
                "once the awaited one has served, a swap away from it is an ordinary swap");
    }

    @Test
    void byDefaultTheFirstServesUntilThePreferredArrivesWithTheState() {
        for (String standin : new String[] { null, "true" }) {
            SwapKernel kernel = kernel(standin);
            kernel.install(Counters.class, "heap", new MapCounters("heap"), 0);
            assertEquals("heap", active(kernel));
            kernel.handle(Counters.class).add("k", 3);
            kernel.install(Counters.class, "durable", new MapCounters("durable"), 0);
            assertEquals("durable", active(kernel));
            assertEquals(3, kernel.handle(Counters.class).get("k"), "moved by the preferred-arrived swap");
        }
    }
}
