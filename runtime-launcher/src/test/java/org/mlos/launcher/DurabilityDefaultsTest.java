package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * {@code --set mlos.fault.durability=synk} booted, then ended on "bundle org.mlos.core: Service
     * factory returned null. (Component: …SegmentJournal)": the journal's component failed first,
     * and the durable store's own words were lost in the stack lines above it.
     */
    @Test
    void aMistypedDurabilityIsRefusedBeforeTheBootInTheStoresOwnWords() {
        IllegalArgumentException e = assertThrows(NodeOptions.UsageException.class,
                () -> NodeOptions.parse(new String[] {"cache", "--images", "/nowhere", "--set", "mlos.fault.durability=synk"}));
        assertEquals("mlos.fault.durability must be none, batch or sync, got 'synk'", e.getMessage());
        IllegalArgumentException store = assertThrows(IllegalArgumentException.class,
                () -> org.mlos.fault.api.Durability.parse("synk"));
        assertEquals(store.getMessage(), e.getMessage(), "the launcher says what the durable store says");
    }

    @Test
    void theLauncherTakesTheModesTheDurableStoreTakes() {
        for (org.mlos.fault.api.Durability d : org.mlos.fault.api.Durability.values()) {
            String mode = d.name().toLowerCase(java.util.Locale.ROOT);
            assertTrue(DurabilityDefaults.MODES.contains(mode), mode);
            DurabilityDefaults.check(Map.of("mlos.fault.durability", " " + d.name() + " "));
        }
        assertEquals(org.mlos.fault.api.Durability.values().length, DurabilityDefaults.MODES.size());
        DurabilityDefaults.check(Map.of("mlos.fault.durability", ""));
    }
}
