package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/**
 * After a restart of {@code org.mlos.core} a delayed component serving a kind is a new object:
 * Declarative Services disposed of the old one, and its state, while the kernel was away, and the
 * kernel said nothing (an outsider's counters read 0 with no line in the log). The kernel keeps
 * the identity of each object holding state over the restart and names a kind that resumed on a
 * new one; the same object, an immediate component, is not named.
 */
@Timeout(30)
class ADelayedImplementationLostItsStateAtARestartSilentlyTest {

    private static final String KIND = Counters.class.getName();

    /** The kernel before the restart, serving {@code served}; what it would record as it stops. */
    private static Map<String, StateHolders.Served> holdersOfAKernelServing(MapCounters served) {
        SwapKernel before = new SwapKernel();
        before.installTogether(() -> before.install(Counters.class, "map", "t", 0, 1, () -> served));
        before.handle(Counters.class).add("k", 5);
        return before.stateHolders();
    }

    private static SwapKernel restartedOn(MapCounters object) {
        SwapKernel after = new SwapKernel();
        after.installTogether(() -> after.install(Counters.class, "map", "t", 0, 1, () -> object), Map.of(KIND, "map"));
        return after;
    }

    @Test
    void aKindResumedOnANewObjectIsNamed() {
        Map<String, StateHolders.Served> holders = holdersOfAKernelServing(new MapCounters("map"));
        assertEquals(1, holders.size(), "a MapCounters holds state: " + holders);
        SwapKernel after = restartedOn(new MapCounters("map"));
        assertEquals(Map.of(KIND, "map"), after.servedByANewObject(holders));
    }

    @Test
    void theSameObjectServingAgainIsNotNamed() {
        MapCounters immediate = new MapCounters("map");
        Map<String, StateHolders.Served> holders = holdersOfAKernelServing(immediate);
        SwapKernel after = restartedOn(immediate);
        assertEquals(5, after.handle(Counters.class).get("k"), "the state held on");
        assertEquals(Map.of(), after.servedByANewObject(holders));
    }

    @Test
    void aKindResumedOnAnotherImplementationIsNotNamed() {
        Map<String, StateHolders.Served> holders = holdersOfAKernelServing(new MapCounters("map"));
        SwapKernel after = new SwapKernel();
        after.installTogether(() -> after.install(Counters.class, "other", "o", 0, 1, () -> new MapCounters("other")),
                Map.of(KIND, "map"));
        assertEquals(Map.of(), after.servedByANewObject(holders),
                "what served before is gone: the kernel's start says which serves instead");
    }
}
