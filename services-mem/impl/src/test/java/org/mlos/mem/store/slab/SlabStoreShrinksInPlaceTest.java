package org.mlos.mem.store.slab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.store.Stores;

/**
 * The regression this pins: {@code cache_memlimit} (a resize) on a full slab node copied every
 * live item to the Java heap, with every writer of the store held, and stored them again. The
 * heap is sized for the node's connections, not for its items laid out as objects: a full node of
 * small items ran out of heap, and the whole store stalled meanwhile. A lower budget, and a
 * higher one up to the store's starting size, now change in place: pages are given back emptied,
 * one class locked at a time, the items that stay stay where they are, and the index gives back
 * the room of the keys evicted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlabStoreShrinksInPlaceTest {

    private final List<SlabStore> stores = new ArrayList<>();

    @AfterEach
    void release() {
        stores.forEach(SlabStore::deactivate);
    }

    private SlabStore store(long bytes) {
        SlabStore s = new SlabStore(bytes);
        stores.add(s);
        return s;
    }

    private static byte[] value(String key, int length) {
        return Stores.valueNaming(key, length);
    }

    @Test
    void aLowerBudgetKeepsTheItemsThatStayWhereTheyAreAndFitsWithItsIndex() {
        SlabStore st = store(64L << 20);
        Set<String> evicted = ConcurrentHashMap.newKeySet();
        st.onEviction(evicted::add);
        int n = 0;
        while (st.stats().evictions() == 0) { // small items until full: the index is a large part of it
            String key = "k" + n++;
            st.set(key, value(key, 20), 0, KeyValueStore.NEVER);
        }
        evicted.clear();
        long before = st.size();
        long evictionsBefore = st.stats().evictions();
        int[] chunks = new int[n];
        for (int i = 0; i < n; i++) {
            chunks[i] = st.chunkOf("k" + i);
        }

        st.resize(8L << 20);

        assertEquals(8L << 20, st.capacityBytes());
        assertTrue(st.heldBytes() <= 8L << 20, "pages, marks and index held: " + st.heldBytes());
        assertEquals(before - evicted.size(), st.size(), "what is not told evicted stays");
        assertEquals(evictionsBefore + evicted.size(), st.stats().evictions(), "each eviction counted");
        int stayed = 0;
        for (int i = 0; i < n; i++) {
            String key = "k" + i;
            StoreEntry e = st.get(key);
            if (e != null) {
                stayed++;
                assertFalse(evicted.contains(key), key + " told evicted but present");
                assertEquals(chunks[i], st.chunkOf(key), key + " stayed in its chunk: nothing was copied");
                assertArrayEquals(value(key, 20), e.value(), key);
            }
        }
        assertTrue(stayed > 10_000, "the smaller budget still holds what fits: " + stayed);
        assertNotNull(st.get("k" + (n - 1)), "the newest item stays");
    }

    @Test
    void aBudgetRaisedBackUpToTheStartingSizeTakesItsPagesAgain() {
        SlabStore st = store(32L << 20);
        for (int i = 0; i < 40_000; i++) { // ~40 MB of items: full
            st.set("a" + i, value("a" + i, 1_000), 0, KeyValueStore.NEVER);
        }
        st.resize(8L << 20);
        assertTrue(st.heldBytes() <= 8L << 20, "held " + st.heldBytes());
        st.resize(32L << 20);
        for (int i = 0; i < 40_000; i++) {
            st.set("b" + i, value("b" + i, 1_000), 0, KeyValueStore.NEVER);
        }
        assertTrue(st.heldBytes() > 24L << 20 && st.heldBytes() <= 32L << 20, "held " + st.heldBytes());
        assertTrue(st.size() > 25_000, "the budget holds as many as before: " + st.size());
        assertArrayEquals(value("b39999", 1_000), st.get("b39999").value());
    }

    /**
     * The regression this pins: raising the budget past the starting size laid the store out anew,
     * a heap copy of every item with every writer held (on a full node of small items, more than
     * its heap). The page table now has room for four times the starting pages: the items stay in
     * their chunks, and the store takes pages up to the new budget as items arrive.
     */
    @Test
    void aBudgetRaisedPastTheStartingSizeGrowsInPlace() {
        SlabStore st = store(16L << 20);
        int n = 0;
        while (st.stats().evictions() == 0) {
            String key = "g" + n++;
            st.set(key, value(key, 1_000), 0, KeyValueStore.NEVER);
        }
        long full = st.size();
        int[] chunks = new int[n];
        for (int i = 0; i < n; i++) {
            chunks[i] = st.chunkOf("g" + i);
        }
        long evictions = st.stats().evictions();

        st.resize(48L << 20);

        assertEquals(evictions, st.stats().evictions(), "growing evicts nothing");
        for (int i = 0; i < n; i++) {
            StoreEntry e = st.get("g" + i);
            if (e != null) {
                assertEquals(chunks[i], st.chunkOf("g" + i), "g" + i + " stayed in its chunk: nothing was copied");
            }
        }
        for (int i = 0; i < 2 * full; i++) {
            st.set("h" + i, value("h" + i, 1_000), 0, KeyValueStore.NEVER);
        }
        assertTrue(st.size() > 2.5 * full, "three times the items of the starting budget: " + st.size() + " vs " + full);
        assertTrue(st.heldBytes() > 32L << 20 && st.heldBytes() <= 48L << 20, "held " + st.heldBytes());
        assertArrayEquals(value("g" + (n - 1), 1_000), st.get("g" + (n - 1)).value(), "the newest item from before stays");
    }

    /**
     * Readers and writers of other keys go on while the budget is lowered and raised in place
     * (pages given back under them): a read gets its key's value or a miss, never another value
     * nor an error; a write is either present with its value or told evicted. Bounded by counts.
     */
    @Test
    void readersAndWritersGoOnWhilePagesAreGivenBack() throws Exception {
        SlabStore st = store(48L << 20);
        Set<String> evicted = ConcurrentHashMap.newKeySet();
        st.onEviction(evicted::add);
        for (int i = 0; i < 30_000; i++) {
            st.set("r" + i, value("r" + i, 300 + i % 7 * 100), 0, KeyValueStore.NEVER);
        }
        int threads = 4;
        int opsEach = 60_000;
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < opsEach; i++) {
                        if (i % 3 == 0) {
                            String key = "w" + id + "-" + i;
                            st.set(key, value(key, 200 + i % 11 * 90), id, KeyValueStore.NEVER);
                        } else {
                            int k = (i * 7 + id) % 30_000;
                            StoreEntry e = st.get("r" + k);
                            if (e != null && !Arrays.equals(value("r" + k, 300 + k % 7 * 100), e.value())) {
                                throw new AssertionError("r" + k + " read another value");
                            }
                        }
                        done.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "load-" + t);
            all.add(th);
            th.start();
        }
        long[] budgets = { 12L << 20, 40L << 20, 9L << 20, 48L << 20, 16L << 20 };
        long total = (long) threads * opsEach;
        for (int step = 0; step < budgets.length; step++) {
            long due = total * (step + 1) / (budgets.length + 1);
            while (done.get() < due && all.stream().anyMatch(Thread::isAlive)) {
                Thread.onSpinWait();
            }
            st.resize(budgets[step]);
        }
        for (Thread th : all) {
            th.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a reader or writer failed", failure.get());
        }
        for (int id = 0; id < threads; id++) {
            for (int i = 0; i < opsEach; i += 3) {
                String key = "w" + id + "-" + i;
                StoreEntry e = st.get(key);
                if (e == null) {
                    assertTrue(evicted.contains(key), key + " is gone but no eviction of it was told");
                } else {
                    assertArrayEquals(value(key, 200 + i % 11 * 90), e.value(), key);
                }
            }
        }
        assertTrue(st.heldBytes() <= 16L << 20, "held " + st.heldBytes());
    }
}
