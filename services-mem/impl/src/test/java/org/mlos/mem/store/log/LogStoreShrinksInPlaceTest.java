package org.mlos.mem.store.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.store.Stores;

/**
 * The regression this pins: {@code cache_memlimit} (a resize) lowering a full log store's budget
 * laid it out again, copying every live item to the Java heap with every writer held (as the slab
 * store did: a full node of small items runs out of heap). While three segments of the size it
 * started with fit, it now gives segments back in place, the oldest evicted whole: the items that
 * stay keep their records.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogStoreShrinksInPlaceTest {

    private LogStore st;

    @AfterEach
    void release() {
        st.deactivate();
    }

    private static byte[] value(String key, int length) {
        return Stores.valueNaming(key, length);
    }

    @Test
    void aLowerBudgetGivesSegmentsBackAndKeepsTheItemsThatStayInTheirRecords() {
        st = new LogStore(64L << 20);
        Set<String> evicted = ConcurrentHashMap.newKeySet();
        st.onEviction(evicted::add);
        int n = 0;
        while (st.stats().evictions() == 0) {
            String key = "k" + n++;
            st.set(key, value(key, 200), 0, KeyValueStore.NEVER);
        }
        evicted.clear();
        long before = st.size();
        LogItem[] items = new LogItem[n];
        for (int i = 0; i < n; i++) {
            items[i] = st.itemOf("k" + i);
        }

        st.resize(16L << 20);

        assertEquals(16L << 20, st.capacityBytes());
        assertTrue(st.heldBytes() <= 16L << 20, "held " + st.heldBytes());
        assertTrue(st.reservedBytes() <= 16L << 20, "reserved " + st.reservedBytes());
        assertFalse(evicted.isEmpty(), "shrinking below what is held evicts");
        assertEquals(before - evicted.size(), st.size(), "what is not told evicted stays");
        int stayed = 0;
        for (int i = 0; i < n; i++) {
            String key = "k" + i;
            StoreEntry e = st.get(key);
            if (e != null) {
                stayed++;
                assertFalse(evicted.contains(key), key + " told evicted but present");
                assertSame(items[i], st.itemOf(key), key + " kept its item and record: nothing was copied");
                assertArrayEquals(value(key, 200), e.value(), key);
            }
        }
        assertTrue(stayed > 10_000, "the smaller budget still holds what fits: " + stayed);
        assertNotNull(st.get("k" + (n - 1)), "the newest item stays");
        int oldest = 0;
        while (items[oldest] == null) {
            oldest++; // evicted by the fill already
        }
        assertTrue(evicted.contains("k" + oldest), "the oldest item goes first: k" + oldest);
        for (int i = 0; i < 100_000; i++) { // and it goes on storing within the new budget
            st.set("b" + i, value("b" + i, 200), 0, KeyValueStore.NEVER);
        }
        assertTrue(st.heldBytes() <= 16L << 20, "held " + st.heldBytes());
        assertArrayEquals(value("b99999", 200), st.get("b99999").value());
    }
}
