package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/**
 * Found by an outsider embedding the kernel in Felix: after {@code stop}/{@code start} (or
 * {@code update}) of {@code org.mlos.core}, the kernel made active whichever implementation the
 * framework listed first, then swapped to the preferred one with trigger {@code preferred-arrived},
 * importing the first one's empty state into it: the preferred implementation, which had held
 * every counter all along, read 0 after. With nothing preferred, the kind changed implementation
 * ({@code heap} to {@code lru}) at each restart. The implementations found at the kernel's start are
 * now installed together and the best of them serves, without a swap.
 */
@Timeout(30)
class ARestartOfTheKernelBeganOnTheImplementationListedFirstTest {

    @Test
    void thePreferredImplementationServesWithTheStateItHeldAndNothingIsSwapped() {
        MapCounters map = new MapCounters("map");
        for (int i = 0; i < 1000; i++) {
            map.add("fill" + i, i);
        }
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDefaultImpl(k -> k.endsWith("Counters") ? "map" : null));
        List<Long> seenAtAnnounce = new ArrayList<>();
        kernel.addListener(new SwapKernel.KindListener() {
            @Override
            public void kindAdded(Class<?> kind, Object handle) {
                seenAtAnnounce.add(((Counters) handle).get("fill999"));
            }

            @Override
            public void kindRemoved(Class<?> kind, Object handle) {
            }
        });
        kernel.installTogether(() -> {
            kernel.install(Counters.class, "broken-put", "t1", 0, 7, () -> new MapCounters("broken-put"));
            kernel.install(Counters.class, "map", "t2", 0, 5, () -> map);
        });
        Counters handle = kernel.handle(Counters.class);
        assertEquals(999, handle.get("fill999"), "the preferred implementation's counters");
        assertEquals("map", kernel.kind(Counters.class.getName()).orElseThrow().active());
        assertEquals(List.of(), kernel.history(), "no swap at the start");
        assertEquals(List.of(999L), seenAtAnnounce, "the handle published once, with the best implementation serving");
    }

    @Test
    void withNothingPreferredTheEarliestRegisteredServesHoweverTheyAreHandedOver() {
        for (boolean heapFirst : new boolean[] { true, false }) {
            SwapKernel kernel = new SwapKernel();
            kernel.installTogether(() -> {
                if (heapFirst) {
                    kernel.install(Counters.class, "heap", "h", 0, 10, () -> new MapCounters("heap"));
                    kernel.install(Counters.class, "lru", "l", 0, 11, () -> new MapCounters("lru"));
                } else {
                    kernel.install(Counters.class, "lru", "l", 0, 11, () -> new MapCounters("lru"));
                    kernel.install(Counters.class, "heap", "h", 0, 10, () -> new MapCounters("heap"));
                }
            });
            assertEquals("heap", kernel.kind(Counters.class.getName()).orElseThrow().active(), "heap first: " + heapFirst);
            assertTrue(kernel.history().isEmpty());
        }
    }

    @Test
    void anImplementationThatCannotBeObtainedIsPassedOver() {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDefaultImpl(k -> k.endsWith("Counters") ? "failing" : null));
        kernel.installTogether(() -> {
            kernel.install(Counters.class, "failing", "f", 0, 1, () -> {
                throw new IllegalStateException("Service factory returned null");
            });
            kernel.install(Counters.class, "map", "m", 0, 2, () -> new MapCounters("map"));
        });
        assertEquals("map", kernel.kind(Counters.class.getName()).orElseThrow().active());
        assertEquals(3, kernel.handle(Counters.class).add("k", 3));
    }

    @Test
    void afterTheStartImplementationsArriveOneByOneAsBefore() {
        SwapKernel kernel = new SwapKernel();
        kernel.installTogether(() -> { });
        kernel.install(Counters.class, "first", new MapCounters("first"), 0);
        assertEquals("first", kernel.kind(Counters.class.getName()).orElseThrow().active());
    }

    /** After a swap the state is where the swap moved it: a restart resumes there, not on the preferred one. */
    @Test
    void whatServedBeforeTheRestartServesAgainThoughAnotherIsPreferred() {
        MapCounters striped = new MapCounters("striped");
        striped.add("k", 5);
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDefaultImpl(k -> k.endsWith("Counters") ? "map" : null));
        kernel.installTogether(() -> {
            kernel.install(Counters.class, "map", "m", 0, 1, () -> new MapCounters("map"));
            kernel.install(Counters.class, "striped", "s", 0, 2, () -> striped);
        }, java.util.Map.of(Counters.class.getName(), "striped"));
        assertEquals("striped", kernel.kind(Counters.class.getName()).orElseThrow().active());
        assertEquals(5, kernel.handle(Counters.class).get("k"));
        assertEquals(List.of(), kernel.history());
    }

    @Test
    void aResumedImplementationNoLongerInstalledGivesWayToThePreferredOne() {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDefaultImpl(k -> k.endsWith("Counters") ? "map" : null));
        kernel.installTogether(() -> {
            kernel.install(Counters.class, "lru", "l", 0, 1, () -> new MapCounters("lru"));
            kernel.install(Counters.class, "map", "m", 0, 2, () -> new MapCounters("map"));
        }, java.util.Map.of(Counters.class.getName(), "gone"));
        assertEquals("map", kernel.kind(Counters.class.getName()).orElseThrow().active());
    }
}
