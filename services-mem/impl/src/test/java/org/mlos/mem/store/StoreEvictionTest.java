package org.mlos.mem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.log.LogStore;
import org.mlos.mem.store.slab.SlabStore;

/** Stores keep within their budget by evicting. */
class StoreEvictionTest {

    static java.util.stream.Stream<String> stores() {
        return Stores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void writingFarMoreThanTheCapacityEvictsAndStaysWithinIt(String name) {
        long capacity = 8L << 20;
        AbstractStore st = Stores.create(name, capacity);
        byte[] value = new byte[1000];
        for (int i = 0; i < 40_000; i++) {
            st.set("k" + i, value, 0, 0);
        }
        assertTrue(st.stats().evictions() > 0);
        assertTrue(st.stats().bytes() <= capacity, "bytes " + st.stats().bytes());
        assertTrue(st.size() < 40_000);
        assertNotNull(st.get("k39999"), "the newest item stays");
        if (st instanceof SlabStore slab) {
            assertTrue(slab.reservedBytes() <= capacity);
        }
        if (st instanceof LogStore log) {
            assertTrue(log.reservedBytes() <= capacity);
        }
    }

    /**
     * The listener hears of every eviction with its key, and only of evictions: after mixed sizes
     * (slab page moves, log compaction), replacements and deletes, a key is absent exactly when
     * an eviction of it was told after it was last set. A durable store relies on this to journal
     * evictions, so that an evicted item does not come back after a restart.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void theEvictionListenerIsToldOfEveryEvictionAndOnlyOfThose(String name) {
        AbstractStore st = Stores.create(name, 4L << 20);
        java.util.Map<String, Long> evictedAt = new java.util.HashMap<>();
        long[] op = new long[1];
        assertTrue(st.onEviction(key -> evictedAt.put(key, op[0])), "a store that evicts says it tells");
        java.util.Map<String, Long> setAt = new java.util.HashMap<>();
        java.util.Set<String> deleted = new java.util.HashSet<>();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 30_000; i++) {
            String key = "k" + (i % 7 == 0 ? random.nextInt(i + 1) : i); // some keys set again
            byte[] value = new byte[i < 15_000 ? 100 + random.nextInt(400) : 1_000 + random.nextInt(2_000)];
            op[0]++;
            st.set(key, value, 0, 0);
            op[0]++;
            setAt.put(key, op[0]);
            deleted.remove(key);
            if (i % 11 == 0) {
                String gone = "k" + random.nextInt(i + 1);
                if (st.delete(gone)) {
                    deleted.add(gone);
                }
            }
        }
        assertTrue(st.stats().evictions() > 1_000, "evictions " + st.stats().evictions());
        int absent = 0;
        for (var e : setAt.entrySet()) {
            String key = e.getKey();
            if (deleted.contains(key)) {
                continue;
            }
            Long evicted = evictedAt.get(key);
            boolean toldAfterLastSet = evicted != null && evicted > e.getValue();
            if (st.get(key) == null) {
                absent++;
                assertTrue(toldAfterLastSet, name + ": " + key + " is gone but no eviction of it was told after its last set");
            } else {
                assertTrue(!toldAfterLastSet, name + ": " + key + " was told evicted after its last set, yet is served");
            }
        }
        assertTrue(absent > 1_000, "absent " + absent);
        assertTrue(st.onEviction(null));
        int told = evictedAt.size();
        for (int i = 0; i < 3_000; i++) {
            st.set("after" + i, new byte[3_000], 0, 0); // evicts, no one told
        }
        assertEquals(told, evictedAt.size(), "a removed listener hears nothing");
    }

    @Test
    void slabGivesRecentlyReadItemsASecondChance() {
        SlabStore st = new SlabStore(2L << 20);
        byte[] value = new byte[900];
        st.set("hot", value, 0, 0);
        for (int i = 0; i < 5_000; i++) {
            st.get("hot");
            st.set("cold" + i, value, 0, 0);
        }
        assertNotNull(st.get("hot"), "an item read all along survives eviction");
        assertTrue(st.stats().evictions() > 0);
    }

    /**
     * The heap store's reads take no lock (CLOCK rather than an access-ordered map): a read marks
     * the item, and eviction passes over a marked item once.
     */
    @Test
    void heapGivesRecentlyReadItemsASecondChanceWithoutLockingReads() {
        org.mlos.mem.store.heap.HeapStore st = new org.mlos.mem.store.heap.HeapStore(2L << 20);
        byte[] value = new byte[900];
        st.set("hot", value, 0, 0);
        for (int i = 0; i < 5_000; i++) {
            st.get("hot");
            st.set("cold" + i, value, 0, 0);
        }
        assertNotNull(st.get("hot"), "an item read all along survives eviction");
        assertTrue(st.stats().evictions() > 0);
        assertTrue(st.stats().bytes() <= 2L << 20);
        // an item never read goes first: the oldest cold ones are gone, the newest stay
        assertNull(st.get("cold0"));
        assertNotNull(st.get("cold4999"));
    }

    /**
     * A heap item replaced in place (no index write) must not keep the new request's key string
     * beside the index's: two strings an item would be memory the budget does not count.
     */
    @Test
    void heapReplacingAnItemKeepsTheIndexKeyString() {
        AbstractStore st = new org.mlos.mem.store.heap.HeapStore(4L << 20);
        String first = new String("same-key");
        st.set(first, new byte[10], 1, 0);
        st.set(new String("same-key"), new byte[20], 2, 0);
        org.mlos.mem.api.StoreEntry e = st.lookup("same-key");
        assertTrue(e.key() == first, "the index's key instance");
        assertEquals(2, e.flags());
        assertEquals(20, e.value().length);
        assertEquals(1, st.size());
    }

    @Test
    void slabMovesPagesToAClassThatHasNone() {
        SlabStore st = new SlabStore(2L << 20);
        for (int i = 0; i < 10_000; i++) {
            st.set("small" + i, new byte[100], 0, 0);
        }
        st.set("big", new byte[500_000], 0, 0);
        assertEquals(500_000, st.get("big").value().length);
        assertTrue(st.reservedBytes() <= 2L << 20);
    }

    @Test
    void logCompactsSegmentsFullOfGarbage() {
        LogStore st = new LogStore(4L << 20);
        byte[] value = new byte[1000];
        for (int round = 0; round < 50; round++) {
            for (int k = 0; k < 200; k++) {
                st.set("k" + k, value, 0, 0); // overwrites: the log fills with garbage
            }
        }
        assertEquals(200, st.size(), "overwrites compact rather than evict");
        assertEquals(0, st.stats().evictions());
        for (int k = 0; k < 200; k++) {
            assertNotNull(st.get("k" + k));
        }
        assertTrue(st.reservedBytes() <= 4L << 20);
    }

    @Test
    void capacityComesFromTheConfigurationOrTheDefault() {
        assertEquals(64L << 20, Capacity.bytes(-1, null, org.mlos.mem.api.MemProperties.STORE_CAPACITY_MB, 64));
        assertEquals(3L << 20, Capacity.bytes(3, null, org.mlos.mem.api.MemProperties.STORE_CAPACITY_MB, 64));
        KeyValueStore st = Stores.create("heap", 3L << 20);
        assertEquals(3L << 20, st.capacityBytes());
    }
}
