package org.mlos.core.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;

import org.junit.jupiter.api.Test;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/**
 * {@code mlos swaps Nope} answered "no swap under way" (exit 0), as if the node had a kind Nope
 * and it was idle, where {@code mlos swap Nope heap} says there is no such kind. It now says so too.
 */
class SwapsOfAKindThatIsNotThereSaidNoneUnderWayTest {

    private static ControlEndpoint endpoint() throws Exception {
        SwapKernel kernel = new SwapKernel();
        kernel.install(Counters.class, "map", new MapCounters("map"), 0);
        ControlEndpoint endpoint = new ControlEndpoint();
        Field commands = ControlEndpoint.class.getDeclaredField("commands");
        commands.setAccessible(true);
        commands.set(endpoint, new KernelCommands(kernel));
        return endpoint;
    }

    @Test
    void anUnknownKindIsAnErrorNamingTheKnownOnes() throws Exception {
        ControlEndpoint endpoint = endpoint();
        String text = endpoint.execute("swaps Nope");
        assertTrue(text.startsWith("error: no kind named Nope; known kinds: [" + Counters.class.getName() + "]"), text);
        String json = endpoint.execute("json swaps Nope --lines");
        assertTrue(json.startsWith("{\"error\":\"no kind named Nope"), json);
    }

    @Test
    void aKnownKindByEitherNameAndNoKindAtAllAreAnswered() throws Exception {
        ControlEndpoint endpoint = endpoint();
        assertEquals("no swap under way", endpoint.execute("swaps Counters"));
        assertEquals("no swap under way", endpoint.execute("swaps " + Counters.class.getName()));
        assertEquals("no swap under way", endpoint.execute("swaps"));
        assertEquals("", endpoint.execute("swaps Counters --lines"));
    }
}
