package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/** checkSwap answers what swap would do, and changes nothing. */
class CheckSwapTest {

    private final SwapKernel kernel = new SwapKernel();
    private final MapCounters a = new MapCounters("a");

    CheckSwapTest() {
        kernel.install(Counters.class, "a", a, 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        kernel.install(Counters.class, "odd", new MapCounters("odd") {
            @Override
            public List<String> importFormats() {
                return List.of("something-else");
            }
        }, 0);
        kernel.handle(Counters.class).add("x", 3);
    }

    @Test
    void aPossibleSwapIsClearedAndNothingMoves() {
        assertEquals(Optional.empty(), kernel.checkSwap("Counters", "b"));
        assertEquals("a", kernel.handle(Counters.class).who());
        assertEquals(0, kernel.history().size());
    }

    @Test
    void theActiveImplementationNeedsNoSwap() {
        assertEquals(Optional.empty(), kernel.checkSwap("Counters", "a"));
    }

    @Test
    void refusalsSayWhy() {
        assertTrue(kernel.checkSwap("Nope", "b").orElseThrow().contains("no kind named Nope"));
        assertTrue(kernel.checkSwap("Counters", "zzz").orElseThrow().contains("no implementation named zzz"));
        assertTrue(kernel.checkSwap("Counters", "odd").orElseThrow().contains("no common state format"));
        assertEquals(3, kernel.handle(Counters.class).get("x"));
    }
}
