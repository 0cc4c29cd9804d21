package org.mlos.mem.store.heap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreFullException;

/**
 * A heap store of 64 MB was carved into 32 segments of 2 MB, so a node started with {@code -m 64
 * -I 32m} answered every set of 2 MB or more with an out-of-memory error, on an empty cache,
 * where memcached stores it. A store told its largest item has segments that hold one.
 */
class ItemsUpToTheLargestItemFitTest {

    private static final String LONGEST_KEY = "k".repeat(250);

    @Test
    void aStoreToldItsLargestItemHoldsOneOfThatSizeWithTheLongestKey() {
        HeapStore store = new HeapStore(64L << 20, 32L << 20);
        byte[] value = filled(32 << 20);
        store.set(LONGEST_KEY, value, 7, KeyValueStore.NEVER);
        assertArrayEquals(value, store.get(LONGEST_KEY).value());
    }

    @Test
    void largeItemsStillEvictEachOtherWithinTheBudget() {
        long capacity = 64L << 20;
        HeapStore store = new HeapStore(capacity, 32L << 20);
        for (int i = 0; i < 5; i++) {
            store.set("big-" + i, filled(30 << 20), 0, KeyValueStore.NEVER);
            assertTrue(store.stats().bytes() <= capacity, store.stats().bytes() + " bytes held in a budget of " + capacity);
        }
        assertNull(store.get("big-0"), "the oldest large item was evicted for the newer ones");
        assertArrayEquals(filled(30 << 20), store.get("big-4").value());
    }

    @Test
    void withoutALargestItemTheSegmentsStaySmall() {
        HeapStore store = new HeapStore(64L << 20); // 1 MB items, 32 segments of 2 MB
        store.set("one-mb", filled(1 << 20), 0, KeyValueStore.NEVER);
        assertThrows(StoreFullException.class, () -> store.set("four-mb", filled(4 << 20), 0, KeyValueStore.NEVER));
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }
}
