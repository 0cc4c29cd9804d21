package org.mlos.mem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The regression: after {@code cache_memlimit 100} on a node started with -Xmx144m the refusal
 * said "maximum is 128 MB (-Xmx)" ({@code Runtime.maxMemory()} leaves out a survivor space) and
 * "100 MB of items" where 100 MB was the limit asked for.
 */
class HeapRoomRefusalNamesTheXmxGivenTest {

    private static final long MB = 1 << 20;

    @Test
    void theMessageSaysTheXmxGivenTheUsablePartAndTheLimitAskedFor() {
        String m = HeapRoom.refusal(100 * MB, "heap", 138 * MB, 144 * MB);
        assertEquals("the heap store keeps its items on the Java heap, where -Xmx is 144 MB (138 MB of it usable:"
                + " the collector keeps a survivor space out): a limit of 100 MB does not fit beside the 64 MB the node"
                + " needs (at most 74 MB would); restart the node with the larger -m (its heap is sized from it), or swap"
                + " to the slab or log store, which keep items off the heap", m);
    }

    @Test
    void underG1TheUsableHeapIsTheXmxAndIsSaidOnce() {
        String m = HeapRoom.refusal(100 * MB, "lru", 144 * MB, 144 * MB);
        assertTrue(m.contains("where -Xmx is 144 MB: a limit of 100 MB"), m);
    }

    @Test
    void withoutTheHotSpotBeanTheUsableMaximumIsNamed() {
        String m = HeapRoom.refusal(100 * MB, "heap", 138 * MB, -1);
        assertTrue(m.contains("the maximum is 138 MB (-Xmx): a limit of 100 MB"), m);
    }

    @Test
    void thisJvmsXmxIsRead() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HeapRoom.check(8 * MB, Runtime.getRuntime().maxMemory(), "heap"));
        assertTrue(e.getMessage().contains("-Xmx is "), e.getMessage());
    }
}
