package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DurabilityDefaultsTest {

    @Test
    void durabilityPutsTheDurableStoreInFrontOfTheStoreTheNodeWouldHaveUsed() {
        Map<String, String> p = new HashMap<>(Map.of("mlos.kind.KeyValueStore", "log", "mlos.fault.durability", "sync"));
        DurabilityDefaults.apply(p);
        assertEquals("durable", p.get("mlos.kind.KeyValueStore"));
        assertEquals("log", p.get("mlos.fault.store"));
    }

    @Test
    void withoutDurabilityNothingChanges() {
        Map<String, String> p = new HashMap<>(Map.of("mlos.kind.KeyValueStore", "slab"));
        DurabilityDefaults.apply(p);
        assertEquals(Map.of("mlos.kind.KeyValueStore", "slab"), p);
    }

    @Test
    void aStoreNamedForTheDurableOneIsKept() {
        Map<String, String> p = new HashMap<>(Map.of("mlos.fault.durability", "batch", "mlos.fault.store", "heap"));
        DurabilityDefaults.apply(p);
        assertEquals("heap", p.get("mlos.fault.store"));
        assertEquals("durable", p.get("mlos.kind.KeyValueStore"));
    }
}
