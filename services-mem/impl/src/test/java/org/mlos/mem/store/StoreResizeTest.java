package org.mlos.mem.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;

/**
 * {@link KeyValueStore#resize} on every store: growing at once and keeping every item, shrinking
 * under concurrent writers with every acknowledged write either kept or told evicted, and the
 * node's resized budget carried to the store a swap brings in.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoreResizeTest {

    static java.util.stream.Stream<String> stores() {
        return Stores.names();
    }

    @AfterEach
    void forgetTheNodesBudget() {
        Capacity.storeResized(0);
    }

    private static byte[] value(String key, int length) {
        return Stores.valueNaming(key, length);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void growingTakesEffectAtOnceAndKeepsEveryItem(String name) {
        long small = 8L << 20;
        AbstractStore st = Stores.create(name, small);
        Set<String> evicted = ConcurrentHashMap.newKeySet();
        st.onEviction(evicted::add);
        for (int i = 0; i < 20_000; i++) { // 20 MB of items: full
            st.set("k" + i, value("k" + i, 1_000), 0, KeyValueStore.NEVER);
        }
        List<String> held = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            if (st.get("k" + i) != null) {
                held.add("k" + i);
            }
        }
        long evictions = st.stats().evictions();
        evicted.clear();

        st.resize(small * 3);

        assertEquals(small * 3, st.capacityBytes());
        assertEquals(small * 3, st.stats().capacityBytes(), "limit_maxbytes reports the new budget");
        assertEquals(evictions, st.stats().evictions(), "growing evicts nothing");
        assertTrue(evicted.isEmpty(), "growing tells of no eviction: " + evicted.size());
        for (String key : held) {
            StoreEntry e = st.get(key);
            assertNotNull(e, key + " survives growing");
            assertArrayEquals(value(key, 1_000), e.value());
        }
        for (int i = 20_000; i < 40_000; i++) {
            st.set("k" + i, value("k" + i, 1_000), 0, KeyValueStore.NEVER);
        }
        assertTrue(st.size() > held.size() * 2, "the larger budget holds more: " + st.size() + " after, "
                + held.size() + " before");
        assertTrue(st.stats().bytes() <= small * 3, "bytes " + st.stats().bytes());
        assertTrue(st.heldBytes() <= small * 3, "held " + st.heldBytes());
    }

    /**
     * Four writers, each key written once with a value naming it, while the store is shrunk,
     * grown and shrunk again at set points of the writing (counted, not timed): afterwards every
     * key is either present with its value or was told evicted, never both, and the store fits
     * its last budget.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void shrinkingUnderFourWritersKeepsEveryAcknowledgedWriteItDoesNotEvict(String name) throws Exception {
        AbstractStore st = Stores.create(name, 24L << 20);
        Set<String> evicted = ConcurrentHashMap.newKeySet();
        AtomicLong toldTwice = new AtomicLong();
        st.onEviction(key -> {
            if (!evicted.add(key)) {
                toldTwice.incrementAndGet();
            }
        });
        int writers = 4;
        int perWriter = 8_000;
        AtomicLong written = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < perWriter; i++) {
                        String key = "w" + id + "-" + i;
                        st.set(key, value(key, 600 + (i % 5) * 200), id, KeyValueStore.NEVER);
                        written.incrementAndGet();
                        if (i % 97 == 0) {
                            st.get("w" + id + "-" + (i / 2)); // reads give items a second chance
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "writer-" + w);
            threads.add(t);
            t.start();
        }
        long total = (long) writers * perWriter;
        long[] at = { total / 4, total / 2, total * 3 / 4 };
        long[] budget = { 8L << 20, 16L << 20, 10L << 20 };
        for (int step = 0; step < at.length; step++) {
            while (written.get() < at[step] && failure.get() == null && threads.stream().anyMatch(Thread::isAlive)) {
                Thread.onSpinWait();
            }
            st.resize(budget[step]);
            assertEquals(budget[step], st.capacityBytes());
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a writer failed", failure.get());
        }
        assertEquals(0, toldTwice.get(), "no key is told evicted twice (each is written once)");
        int present = 0;
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < perWriter; i++) {
                String key = "w" + w + "-" + i;
                StoreEntry e = st.get(key);
                if (e == null) {
                    assertTrue(evicted.contains(key), key + " is gone but no eviction of it was told");
                } else {
                    present++;
                    assertFalse(evicted.contains(key), key + " was told evicted but is still there");
                    assertArrayEquals(value(key, 600 + (i % 5) * 200), e.value(), key);
                    assertEquals(w, e.flags());
                }
            }
        }
        assertTrue(present > 1_000, "the store keeps what fits: " + present);
        assertEquals(present, st.size());
        assertEquals(evicted.size(), st.stats().evictions(), "every eviction counted once and told once");
        assertTrue(st.stats().bytes() <= 10L << 20, "bytes " + st.stats().bytes());
        assertTrue(st.heldBytes() <= 10L << 20, "held " + st.heldBytes());
    }

    /**
     * Readers run through resizes (slab and log lay their memory out again under them): a read
     * gets the key's value or, while the item is being stored again, a miss; never another
     * value, never an error.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void readersDuringResizesSeeTheValueOrAMissAndNeverAnError(String name) throws Exception {
        AbstractStore st = Stores.create(name, 16L << 20);
        int keys = 2_000;
        for (int i = 0; i < keys; i++) {
            st.set("k" + i, value("k" + i, 500), 0, KeyValueStore.NEVER);
        }
        int readers = 4;
        int readsEach = 200_000;
        AtomicLong reads = new AtomicLong();
        AtomicLong misses = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            int id = r;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < readsEach; i++) {
                        String key = "k" + ((i * 31 + id) % keys);
                        StoreEntry e = st.get(key);
                        if (e == null) {
                            misses.incrementAndGet();
                        } else if (!Arrays.equals(value(key, 500), e.value())) {
                            throw new AssertionError(key + " read another value");
                        }
                        reads.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "reader-" + r);
            threads.add(t);
            t.start();
        }
        long[] budgets = { 32L << 20, 12L << 20, 24L << 20, 16L << 20, 40L << 20, 20L << 20 };
        for (int step = 0; step < budgets.length; step++) {
            long due = (long) readers * readsEach * step / (budgets.length + 1);
            while (reads.get() < due && threads.stream().anyMatch(Thread::isAlive)) {
                Thread.onSpinWait();
            }
            st.resize(budgets[step]);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a reader failed", failure.get());
        }
        for (int i = 0; i < keys; i++) {
            assertArrayEquals(value("k" + i, 500), st.get("k" + i).value(), "k" + i + " kept: every budget held them all");
        }
        assertEquals(0, st.stats().evictions());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shrinkingAFullStoreEvictsTheOldestAndFitsAtOnce(String name) {
        AbstractStore st = Stores.create(name, 16L << 20);
        Set<String> evicted = ConcurrentHashMap.newKeySet();
        st.onEviction(evicted::add);
        for (int i = 0; i < 12_000; i++) { // ~14 MB: fits
            st.set("k" + i, value("k" + i, 1_000), 0, KeyValueStore.NEVER);
        }
        long before = st.size();
        st.resize(8L << 20);
        assertTrue(st.stats().bytes() <= 8L << 20, "bytes " + st.stats().bytes());
        assertTrue(st.heldBytes() <= 8L << 20, "held " + st.heldBytes());
        assertFalse(evicted.isEmpty(), "shrinking below what is held evicts");
        assertEquals(before - evicted.size(), st.size(), "what is not told evicted stays");
        assertNotNull(st.get("k11999"), "the newest item stays");
        assertTrue(evicted.contains("k0") || name.equals("heap") && st.get("k0") == null,
                "the oldest item goes first");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aBudgetTooSmallOrNotPositiveIsRefusedAndChangesNothing(String name) {
        AbstractStore st = Stores.create(name, 8L << 20);
        st.set("a", value("a", 10), 0, KeyValueStore.NEVER);
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> st.resize(0));
        assertTrue(zero.getMessage().contains("positive"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> st.resize(-5));
        if (name.equals("slab") || name.equals("log")) {
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> st.resize(1000));
            assertTrue(small.getMessage().contains("needs at least"), small.getMessage());
        }
        assertEquals(8L << 20, st.capacityBytes());
        assertNotNull(st.get("a"));
    }

    /** A node's -Xmx is sized from its starting capacity: an on-heap store grown past the heap would end in an OutOfMemoryError. */
    @ParameterizedTest
    @MethodSource("stores")
    void anOnHeapStoreIsNotGrownPastTheJavaHeap(String name) {
        AbstractStore st = Stores.create(name, 8L << 20);
        long tooMuch = Runtime.getRuntime().maxMemory();
        if (name.equals("heap") || name.equals("lru")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> st.resize(tooMuch));
            assertTrue(e.getMessage().contains("-Xmx") && e.getMessage().contains("slab or log"), e.getMessage());
            assertEquals(8L << 20, st.capacityBytes());
        }
        st.resize(16L << 20); // within the heap: fine for every store
        assertEquals(16L << 20, st.capacityBytes());
    }

    /**
     * The regression this pins: a resized node swapped its store for one created with the
     * configured budget, and the operator's limit was silently gone.
     */
    @Test
    void aSwapKeepsTheNodesResizedBudgetBothWays() throws Exception {
        SwapKernel kernel = new SwapKernel();
        KeyValueStore h = kernel.handle(KeyValueStore.class);
        AbstractStore slab = Stores.createForNode("slab", -1);
        AbstractStore heap = Stores.createForNode("heap", -1);
        kernel.install(KeyValueStore.class, "slab", slab, 0);
        kernel.install(KeyValueStore.class, "heap", heap, 0);
        assertEquals(64L << 20, h.capacityBytes());
        for (int i = 0; i < 1_000; i++) {
            h.set("k" + i, value("k" + i, 100), 0, KeyValueStore.NEVER);
        }
        h.resize(32L << 20);
        assertEquals(32L << 20, h.capacityBytes());
        assertEquals(SwapOutcome.COMPLETED, kernel.swap(KeyValueStore.class.getName(), "heap").outcome());
        assertEquals(32L << 20, h.capacityBytes(), "heap, created at 64 MB, took the node's 32 MB");
        assertEquals(SwapOutcome.COMPLETED, kernel.swap(KeyValueStore.class.getName(), "slab").outcome());
        assertEquals(32L << 20, h.capacityBytes(), "and slab again");
        for (int i = 0; i < 1_000; i++) {
            assertArrayEquals(value("k" + i, 100), h.get("k" + i).value());
        }
        assertEquals(32L << 20, Stores.createForNode("log", -1).capacityBytes(), "a store created later too");
        assertEquals(8L << 20, Stores.create("log", 8L << 20).capacityBytes(),
                "a store built by plain Java is not the node's");
    }

    @Test
    void aStoreThatCannotResizeSaysWhyAndHowElse() {
        KeyValueStore plain = (KeyValueStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { KeyValueStore.class }, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> plain.resize(32L << 20));
        assertTrue(e.getMessage().contains("cannot change its capacity while it serves")
                && e.getMessage().contains("mlos.mem.store.capacity.mb"), e.getMessage());
        assertNull(Arrays.stream(KeyValueStore.class.getMethods()).filter(m -> m.getName().equals("resize"))
                .filter(m -> !m.isDefault()).findAny().orElse(null), "resize is a default method: additive");
    }
}
