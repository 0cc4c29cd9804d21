package org.mlos.core.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.GatedCounters;
import org.mlos.core.testkinds.MapCounters;

/**
 * {@code mlos swaps Nope} answered "no swap under way" (exit 0), as if the node had a kind Nope
 * and it was idle, where {@code mlos swap Nope heap} says there is no such kind. It now says so too.
 */
class SwapsOfAKindThatIsNotThereSaidNoneUnderWayTest {

    private static ControlEndpoint endpoint() throws Exception {
        SwapKernel kernel = new SwapKernel();
        kernel.install(Counters.class, "map", new MapCounters("map"), 0);
        return endpoint(kernel);
    }

    private static ControlEndpoint endpoint(SwapKernel kernel) throws Exception {
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

    /**
     * The first fix asked the kernel for its kinds, each read under its lock, which a swap holds:
     * 'mlos swap' polls 'swaps KeyValueStore --lines' while its swap runs, and got no line until
     * the swap was over (RemoteKindsIT saw none in a 4 s move).
     */
    @Test
    void aKindSwappingNowIsAnsweredWhileItsSwapHoldsItsLock() throws Exception {
        SwapKernel kernel = new SwapKernel();
        GatedCounters from = new GatedCounters("gated", 1);
        kernel.install(Counters.class, "gated", from, 0);
        kernel.install(Counters.class, "map", new MapCounters("map"), 0);
        from.add("k", 1);
        ControlEndpoint endpoint = endpoint(kernel);
        Thread swap = Thread.ofPlatform().start(() -> kernel.swap(Counters.class.getName(), "map"));
        try {
            assertTrue(from.reached.tryAcquire(30, TimeUnit.SECONDS), "the swap reached its copy");
            String lines = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> endpoint.execute("swaps Counters --lines"),
                    "the poll waited for the swap's lock");
            assertTrue(lines.contains("gated -> map"), lines);
        } finally {
            from.open();
            swap.join();
        }
    }
}
