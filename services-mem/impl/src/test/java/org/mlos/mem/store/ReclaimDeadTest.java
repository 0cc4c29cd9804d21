package org.mlos.mem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.mem.api.KeyValueStore;

/**
 * An outsider found {@code curr_items} and {@code bytes} counting expired items long after they
 * expired (memcached's LRU crawler removes them): {@link KeyValueStore#reclaimDead} removes the
 * dead items, and only them, also while the keys are set again under it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReclaimDeadTest {

    static java.util.stream.Stream<String> stores() {
        return Stores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void removesTheDeadItemsAndOnlyThem(String name) {
        AbstractStore st = Stores.create(name, 16L << 20);
        long past = System.currentTimeMillis() - 1_000;
        for (int i = 0; i < 2_000; i++) {
            st.set("dead" + i, Stores.valueNaming("dead" + i, 100), 0, past);
        }
        for (int i = 0; i < 1_000; i++) {
            st.set("live" + i, Stores.valueNaming("live" + i, 100), 0, KeyValueStore.NEVER);
        }
        long bytesBefore = st.bytesUsed();
        assertEquals(3_000, st.size(), "expired items count until reclaimed");
        assertEquals(2_000, st.reclaimDead());
        assertEquals(1_000, st.size());
        assertTrue(st.bytesUsed() < bytesBefore, st.bytesUsed() + " bytes after, " + bytesBefore + " before");
        assertEquals(0, st.stats().reclaimed(), "a reclaim pass is counted by its caller, as memcached counts its crawler's apart");
        for (int i = 0; i < 1_000; i++) {
            assertNotNull(st.get("live" + i), "live" + i);
        }
        assertEquals(0, st.reclaimDead(), "nothing dead is left");
    }

    /** A dead key set again while the walk runs is live when its turn comes: checked again under its lock, kept. */
    @ParameterizedTest
    @MethodSource("stores")
    void aKeySetAgainDuringTheWalkIsKept(String name) throws Exception {
        AbstractStore st = Stores.create(name, 32L << 20);
        int keys = 20_000;
        long past = System.currentTimeMillis() - 1_000;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < keys; i++) {
                st.set("k" + i, Stores.valueNaming("k" + i, 50), 0, past);
            }
            Thread setter = new Thread(() -> {
                for (int i = keys - 1; i >= 0; i--) { // from the other end: the walk meets keys set before and after
                    st.set("k" + i, Stores.valueNaming("k" + i, 50), 0, KeyValueStore.NEVER);
                }
            });
            setter.start();
            st.reclaimDead();
            setter.join();
            for (int i = 0; i < keys; i++) {
                assertNotNull(st.get("k" + i), "round " + round + ": k" + i + " was set live and is gone");
            }
            assertEquals(keys, st.size());
        }
    }

    /**
     * The memcached server's crawler walks a store a part at a time, each part its own call, so
     * that a store swap never waits for a whole pass: the parts together reclaim every key dead
     * throughout, and no key set live meanwhile, in one pass as the whole walk does.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void thePartsTogetherReclaimEveryDeadKeyAndNoLiveOne(String name) throws Exception {
        AbstractStore st = Stores.create(name, 32L << 20);
        int keys = 20_000;
        int parts = st.reclaimParts();
        assertTrue(parts > 1, name + " divides its walk: " + parts + " part(s)");
        assertEquals(0, st.reclaimDead(parts), "a part out of range (the store swapped for one of fewer parts)");
        assertEquals(0, st.reclaimDead(-1));
        long past = System.currentTimeMillis() - 1_000;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < keys; i++) {
                st.set("k" + i, Stores.valueNaming("k" + i, 50), 0, past);
            }
            Thread setter = new Thread(() -> {
                for (int i = keys - 2; i >= 0; i -= 2) { // the even keys, from the other end: the parts meet some before, some after
                    st.set("k" + i, Stores.valueNaming("k" + i, 50), 0, KeyValueStore.NEVER);
                }
            });
            setter.start();
            long reclaimed = 0;
            for (int part = 0; part < parts; part++) {
                reclaimed += st.reclaimDead(part);
            }
            setter.join();
            for (int i = 0; i < keys; i += 2) {
                assertNotNull(st.get("k" + i), "round " + round + ": k" + i + " was set live and is gone");
            }
            assertEquals(keys / 2, st.size(), "round " + round + ": every odd key, dead throughout, reclaimed by the one pass");
            assertTrue(reclaimed >= keys / 2 && reclaimed <= keys, "round " + round + ": " + reclaimed
                    + " reclaimed: the odd keys and the even ones reached before the setter");
        }
    }

    /**
     * The walk also tells the sizes of the live items it passes (the memcached server's per-class
     * figures come from its crawler's walk): every live item once, with its key's and value's
     * lengths, flags and store time, and no dead one.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void theWalkTellsEveryLiveItemsSizesOnceAndNoDeadOnes(String name) {
        AbstractStore st = Stores.create(name, 32L << 20);
        long past = System.currentTimeMillis() - 1_000;
        java.util.Map<String, Integer> expected = new java.util.HashMap<>();
        for (int i = 0; i < 3_000; i++) {
            String key = "live" + i;
            int length = i % 7 * 100;
            st.set(key, new byte[length], i, KeyValueStore.NEVER);
            expected.merge(key.length() + "/" + length + "/" + i, 1, Integer::sum);
        }
        for (int i = 0; i < 1_000; i++) {
            st.set("dead" + i, new byte[5_000], 7, past);
        }
        long storedBy = System.currentTimeMillis();
        java.util.Map<String, Integer> told = new java.util.HashMap<>();
        long[] storedAtOutside = { 0 };
        long reclaimed = 0;
        for (int part = 0; part < st.reclaimParts(); part++) {
            reclaimed += st.reclaimDead(part, (keyLength, valueLength, flags, storedAt) -> {
                told.merge(keyLength + "/" + valueLength + "/" + flags, 1, Integer::sum);
                if (storedAt < past || storedAt > storedBy) {
                    storedAtOutside[0]++;
                }
            });
        }
        assertEquals(1_000, reclaimed);
        assertEquals(expected, told, name + ": each live item's key length, value length and flags, once");
        assertEquals(0, storedAtOutside[0], name + ": and when it was stored (items:N:age)");
    }
}
