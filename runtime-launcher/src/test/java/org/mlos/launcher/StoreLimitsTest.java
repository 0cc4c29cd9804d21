package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlos.launcher.MemcachedOptionsTest.error;
import static org.mlos.launcher.MemcachedOptionsTest.parse;

import org.junit.jupiter.api.Test;

/** -m and -I held to the store that holds the items ({@link StoreLimits}). */
class StoreLimitsTest {

    /**
     * A durable node keeps its items in the store behind the durable one: with
     * {@code mlos.fault.store=heap}, -I 2m was refused by the slab store's rule, telling the
     * operator to choose the store the node already had.
     */
    @Test
    void aDurableNodesItemLimitWasHeldToTheSlabStoreItDidNotUse() {
        String durable = "mlos.fault.durability=batch";
        assertEquals(Long.toString(2L << 20), parse("-I", "2m", "--set", durable, "--set", "mlos.fault.store=heap")
                .get("mlos.memcached.item.max"));
        assertEquals(Long.toString(2L << 20), parse("-I", "2m", "--set", durable, "--set", "mlos.kind.KeyValueStore=heap")
                .get("mlos.memcached.item.max"), "the store it would have used goes behind the durable one");
        assertTrue(error("-I", "2m", "--set", durable).contains("-I 2m: the slab store (the cache profiles' default) holds"
                + " items of up to 1 MB (-I 1m); for larger items choose another store: --set mlos.fault.store=heap"));
        assertTrue(error("-I", "6m", "--set", durable, "--set", "mlos.fault.store=log")
                .contains("choose --set mlos.fault.store=heap or =lru"));
        assertTrue(error("-I", "2m", "--set", "mlos.kind.KeyValueStore=durable", "--set", "mlos.fault.store=slab")
                .contains("slab store"));
        assertEquals("heap", StoreLimits.memoryStore(java.util.Map.of("mlos.kind.KeyValueStore", "durable",
                "mlos.fault.store", "heap"), "cache"));
        assertEquals("slab", StoreLimits.memoryStore(java.util.Map.of("mlos.kind.KeyValueStore", "durable"), "cache"));
    }

    /** An outsider's re-check: -I 100m started a heap node of the default 64 MB, where memcached -I 100m refuses to start. */
    @Test
    void anItemLimitPastHalfTheDefaultCapacityWasTakenWhenMWasLeftOut() {
        assertTrue(error("-I", "40m", "--set", "mlos.kind.KeyValueStore=heap")
                .startsWith("-I 40m is more than half of -m 64 (the default)"), error("-I", "40m", "--set", "mlos.kind.KeyValueStore=heap"));
        assertEquals(Long.toString(32L << 20), parse("-I", "32m", "--set", "mlos.kind.KeyValueStore=heap").get("mlos.memcached.item.max"));
        assertEquals(Long.toString(40L << 20), parse("-I", "40m", "-m", "128", "--set", "mlos.kind.KeyValueStore=heap")
                .get("mlos.memcached.item.max"));
    }
}
