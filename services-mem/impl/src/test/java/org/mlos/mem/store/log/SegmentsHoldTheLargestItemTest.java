package org.mlos.mem.store.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreFullException;

/**
 * A log store's segments were at most 4 MB whatever the node's {@code -I}: a node started with
 * {@code -m 1024 -I 5m} answered every set over 4 MB with an out-of-memory error. A store told
 * its largest item lays out segments that hold one, and one too small for three of them says so.
 */
class SegmentsHoldTheLargestItemTest {

    @Test
    void aStoreToldItsLargestItemHoldsOne() {
        LogStore store = new LogStore(128L << 20, LogStore.LARGEST_ITEM);
        byte[] value = filled((int) LogStore.LARGEST_ITEM);
        store.set("k".repeat(250), value, 3, KeyValueStore.NEVER);
        assertArrayEquals(value, store.get("k".repeat(250)).value());
    }

    @Test
    void withoutOneSegmentsStayAtFourMegabytes() {
        LogStore store = new LogStore(128L << 20);
        store.set("four", filled(4 << 20), 0, KeyValueStore.NEVER);
        assertThrows(StoreFullException.class, () -> store.set("five", filled(5 << 20), 0, KeyValueStore.NEVER));
    }

    @Test
    void aBudgetBelowThreeSegmentsOfTheLargestItemIsRefusedSayingWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LogStore(12L << 20, 4L << 20));
        assertTrue(e.getMessage().contains("three segments") && e.getMessage().contains("4194304"), e.getMessage());
    }

    @Test
    void itemsLargerThanASegmentCanHoldAreRefusedSayingWhatHoldsThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LogStore(1L << 30, 16L << 20));
        assertTrue(e.getMessage().contains("up to 5242880 bytes") && e.getMessage().contains("heap or lru"), e.getMessage());
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }
}
