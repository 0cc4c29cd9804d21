package org.mlos.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code mlos kinds} on a cache node: the candidates {@code durable,hazelcast,heap,log,lru,slab}
 * were wider than their column, and that row's CALLS and SWAPS stood further right than the
 * header's and the other rows'.
 */
class KindsTableWithManyCandidatesWentOutOfLineTest {

    @Test
    void everyRowsCallsAndSwapsEndWhereTheHeadersDo() {
        String table = KernelText.kinds(List.of(
                new KindInfo("org.mlos.mem.api.KeyValueStore", "durable", List.of("durable", "hazelcast", "heap", "log", "lru",
                        "slab"), -1, 1, true, true),
                new KindInfo("org.mlos.mem.api.OffHeapAllocator", "an-implementation-named-at-length", List.of("arena", "pool"),
                        12, 0, true, true)));
        List<String> lines = table.lines().toList();
        assertEquals(3, lines.size(), table);
        int end = lines.get(0).length();
        for (String l : lines) {
            assertEquals(end, l.length(), "every row as long as the header:\n" + table);
        }
        int calls = lines.get(0).indexOf("CALLS") + "CALLS".length();
        assertEquals('-', lines.get(1).charAt(calls - 1), table);
        assertEquals("12", lines.get(2).substring(calls - 2, calls), table);
    }
}
