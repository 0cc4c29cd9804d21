package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/**
 * Pins a boot failure: the kernel told its listeners about a new kind before the kind's first
 * implementation was serving, so a Declarative Services consumer that bound the published handle
 * and called it from {@code activate} got NoImplementationException.
 */
@Timeout(30)
class HandlePublishedBeforeFirstImplementationTest {

    @Test
    void aListenerCallingTheHandleFindsTheFirstImplementationServing() {
        SwapKernel kernel = new SwapKernel();
        List<Long> seen = new ArrayList<>();
        kernel.addListener(new SwapKernel.KindListener() {
            @Override
            public void kindAdded(Class<?> kind, Object handle) {
                seen.add(((Counters) handle).add("boot", 1));
            }

            @Override
            public void kindRemoved(Class<?> kind, Object handle) {
            }
        });
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        assertEquals(List.of(1L), seen, "announced once, with the first implementation serving");
    }
}
