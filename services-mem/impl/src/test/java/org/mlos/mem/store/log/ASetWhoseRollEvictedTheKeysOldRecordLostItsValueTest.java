package org.mlos.mem.store.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.store.Stores;

/**
 * The regression this pins: a set of a present key that rolls the log, where the roll evicts the
 * segment holding the key's old record, moved the new record into the item the eviction had just
 * freed, out of the index: the set returned its CAS unique and the key was gone, its only eviction
 * told before the new value was even written. The set must index a new item instead. One thread,
 * so the order is certain ({@link LogStoreInPlaceMoveTest} runs the same under many, where the
 * timing of a tell cannot tell which record it was of).
 */
class ASetWhoseRollEvictedTheKeysOldRecordLostItsValueTest {

    /** Fillers of 3,000 bytes: about 340 a 1 MB segment; the trials cover the budget's whole first fill. */
    private static final int FILLER = 3_000;
    private static final int MOST_FILLERS = 1_400;
    private static final int STEP = 7;

    private LogStore st;

    @AfterEach
    void release() {
        if (st != null) {
            st.deactivate();
        }
    }

    @Test
    void theSetThatEvictedTheKeysOldRecordKeepsTheNewOne() {
        int hits = 0;
        for (int fillers = 0; fillers <= MOST_FILLERS; fillers += STEP) {
            if (trial(fillers)) {
                hits++;
            }
        }
        assertTrue(hits > 0, "no trial had the key's set evict the key's old record: the test tried nothing");
    }

    /** True if the key's second set evicted its first record (the case pinned); asserts the key holds the second either way. */
    private boolean trial(int fillers) {
        if (st != null) {
            st.deactivate();
        }
        st = new LogStore((3L << 20) + 4096); // three 1 MB segments
        Map<String, Integer> told = new ConcurrentHashMap<>();
        st.onEviction(key -> told.merge(key, 1, Integer::sum));
        byte[] filler = new byte[FILLER];
        st.set("k", Stores.valueNaming("k", 100), 1, KeyValueStore.NEVER); // the oldest segment's first record
        for (int i = 0; i < fillers; i++) {
            st.set("filler:" + i, filler, 0, KeyValueStore.NEVER); // live: the log evicts rather than compacts
        }
        if (told.containsKey("k")) {
            return false; // the fillers evicted it already
        }
        byte[] large = Stores.valueNaming("k", 700_000); // another size, and more than most heads have left: it rolls
        long cas = st.set("k", large, 2, KeyValueStore.NEVER);
        StoreEntry e = st.get("k");
        assertNotNull(e, "after " + fillers + " fillers the key's set returned unique " + cas + " and the key is gone"
                + " (evictions told of it: " + told.getOrDefault("k", 0) + ")");
        assertEquals(2, e.flags(), "after " + fillers + " fillers: the key holds its second set");
        assertEquals(cas, e.cas(), "after " + fillers + " fillers: the key holds its second set's unique");
        assertArrayEquals(large, e.value(), "after " + fillers + " fillers: the key holds its second value");
        return told.getOrDefault("k", 0) == 1;
    }
}
