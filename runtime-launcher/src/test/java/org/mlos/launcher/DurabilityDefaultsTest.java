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
        assertEquals("false", p.get("mlos.kind.KeyValueStore.standin"), "no memory store answers while the durable one starts");
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
     * The store behind the durable one was worked out twice: by {@code apply}, which sets it, and by
     * the check of -m and -I, which runs before it. Every combination an operator can give names
     * one store for both, the one the durable store is then told to use.
     */
    @Test
    void theStoreCheckedForMAndIWasWorkedOutApartFromTheOneTheDurableStoreWasGiven() {
        String[] kinds = {null, "", "slab", "heap", "log", "lru", "durable"};
        String[] stores = {null, " ", "heap", "log", "slab"};
        String[] modes = {null, "", "sync", "batch"};
        int durable = 0;
        for (String kind : kinds) {
            for (String store : stores) {
                for (String mode : modes) {
                    Map<String, String> p = new HashMap<>();
                    put(p, "mlos.kind.KeyValueStore", kind);
                    put(p, "mlos.fault.store", store);
                    put(p, "mlos.fault.durability", mode);
                    String checked = StoreLimits.memoryStore(p, "cache");
                    DurabilityDefaults.apply(p);
                    if (!"durable".equals(p.get("mlos.kind.KeyValueStore"))) {
                        continue;
                    }
                    durable++;
                    String given = p.get("mlos.fault.store");
                    String used = given == null || given.isBlank() ? "slab" : given.trim();
                    assertEquals(used, checked, p.toString());
                }
            }
        }
        assertEquals(7 * 5 * 2 + 5 * 2, durable, "every durable combination tried");
    }

    private static void put(Map<String, String> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
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

    /**
     * {@code mlos cluster up --nodes cache=1,worker=1 --supervise} asks every node for durability:
     * the worker, which has no store, waited 30 s for a {@code durable} KeyValueStore, exited 4,
     * and the whole cluster was stopped.
     */
    @Test
    void aProfileWithoutTheDurableStoreIsNotMadeToWaitForItAndSaysSo() {
        java.util.List<java.nio.file.Path> worker = java.util.List.of(java.nio.file.Path.of("img/worker/mlos-core-0.1.0.jar"),
                java.nio.file.Path.of("img/worker/mlos-sched-0.1.0.jar"), java.nio.file.Path.of("img/store/mlos-fault-api-0.1.0.jar"));
        java.util.List<java.nio.file.Path> cache = java.util.List.of(java.nio.file.Path.of("img/cache/mlos-fault-0.1.0-SNAPSHOT.jar"));
        assertTrue(!DurabilityDefaults.hasDurableStore(worker) && DurabilityDefaults.hasDurableStore(cache));

        Map<String, String> p = new HashMap<>(Map.of("mlos.fault.durability", "batch"));
        assertEquals("mlos.fault.durability=batch has no effect on this profile: it has no durable store (the bundle"
                + " org.mlos.fault, which the cache profiles carry)", DurabilityDefaults.apply(p, false));
        assertEquals(Map.of("mlos.fault.durability", "batch"), p, "no store preferred");

        assertEquals(null, DurabilityDefaults.apply(p, true));
        assertEquals("durable", p.get("mlos.kind.KeyValueStore"));
    }
}
