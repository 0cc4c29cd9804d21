package org.mlos.mem.store.lru;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreFullException;

/** The lru store evicts in exact least-recently-used order over the whole store, reads counting as use. */
class LruStoreEvictionOrderTest {

    private static final byte[] VALUE = new byte[1000];

    @Test
    void aReadKeepsTheKeyAndTheLeastRecentlyUsedGoesFirst() {
        LruStore store = new LruStore(1L << 20);
        int n = 0;
        while (store.stats().evictions() == 0) {
            store.set("k" + n, VALUE, 0, KeyValueStore.NEVER);
            n++;
        }
        // full now: k0 went; k1 is the least recently used, unless read
        assertNull(store.get("k0"));
        assertNotNull(store.get("k1"));
        store.set("k" + n, VALUE, 0, KeyValueStore.NEVER);
        assertNotNull(store.get("k1"), "read just before: most recently used, kept");
        assertNull(store.get("k2"), "the least recently used after k1's read");
        List<String> order = store.keysInEvictionOrder();
        assertEquals("k3", order.get(0));
        assertEquals(List.of("k" + n, "k1"), order.subList(order.size() - 2, order.size()),
                "the key stored last, then k1, read after it");
        assertTrue(store.heldBytes() <= store.capacityBytes());
    }

    @Test
    void anItemLargerThanTheStoreIsRefusedAndEvictsNothing() {
        LruStore store = new LruStore(1L << 20);
        store.set("small", VALUE, 0, KeyValueStore.NEVER);
        assertThrows(StoreFullException.class, () -> store.set("big", new byte[2 << 20], 0, KeyValueStore.NEVER));
        assertNotNull(store.get("small"));
        assertEquals(0, store.stats().evictions());
    }
}
