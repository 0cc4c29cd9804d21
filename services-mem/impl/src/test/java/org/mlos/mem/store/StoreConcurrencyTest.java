package org.mlos.mem.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.core.testing.Concurrently;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;

/** Many threads, asserted invariants: atomic read-modify-write, and no torn or foreign values. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StoreConcurrencyTest {

    static java.util.stream.Stream<String> stores() {
        return Stores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void concurrentIncrementsAreNeitherLostNorDoubled(String name) throws Exception {
        KeyValueStore st = Stores.create(name, 16L << 20);
        int keys = 16;
        int threads = 8;
        int perThread = 5_000;
        for (int k = 0; k < keys; k++) {
            st.set("n" + k, "0".getBytes(US_ASCII), 0, 0);
        }
        long[][] acked = new long[threads][keys];
        Concurrently.run(threads, t -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < perThread; i++) {
                int k = rnd.nextInt(keys);
                st.increment("n" + k, 1);
                acked[t][k]++;
            }
        });
        for (int k = 0; k < keys; k++) {
            long expected = 0;
            for (long[] a : acked) {
                expected += a[k];
            }
            assertEquals(expected, Long.parseLong(new String(st.get("n" + k).value(), US_ASCII)), "n" + k);
        }
    }

    /**
     * Eight threads set, delete and read over a store a tenth the size of what they write, so
     * evictions run all the time beside reads that take no lock: afterwards the store's count,
     * its listing and its byte count agree, and every item listed reads back whole.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void concurrentSetsDeletesAndEvictionsLeaveTheCountsInAgreement(String name) throws Exception {
        long capacity = 4L << 20;
        AbstractStore st = Stores.create(name, capacity);
        int keys = 40_000;
        Concurrently.run(8, t -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < 30_000; i++) {
                int k = rnd.nextInt(keys);
                int op = rnd.nextInt(10);
                if (op < 5) {
                    st.get("c" + k);
                } else if (op < 9) {
                    st.set("c" + k, value(k, 50 + k % 200), k, 0);
                } else {
                    st.delete("c" + k);
                }
            }
        });
        List<StoreEntry> listed = new ArrayList<>();
        st.forEachEntry(listed::add);
        assertEquals(st.size(), listed.size(), "size() and the listing");
        assertTrue(st.stats().bytes() <= capacity, "bytes " + st.stats().bytes());
        assertTrue(st.stats().evictions() > 0, "the load must evict");
        for (StoreEntry e : listed) {
            int k = Integer.parseInt(e.key().substring(1));
            StoreEntry read = st.get(e.key());
            assertTrue(read != null && valid(k, read), e.key());
        }
        st.flushAll(0);
        assertEquals(0, st.size());
        assertEquals(0, st.stats().bytes());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void readersNeverSeeTornValuesUnderOverwriteAndEviction(String name) throws Exception {
        // Small capacity: writers overwrite and evict constantly, chunks and segments are reused.
        KeyValueStore st = Stores.create(name, 4L << 20);
        int keys = 4_000;
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        List<Thread> all = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            all.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int k = rnd.nextInt(keys);
                    st.set("k" + k, value(k, rnd.nextInt(1, 3000)), k, 0);
                }
            }));
        }
        for (int r = 0; r < 3; r++) {
            all.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int k = rnd.nextInt(keys);
                    StoreEntry e = st.get("k" + k);
                    if (e != null && !valid(k, e)) {
                        bad.add("k" + k + " flags=" + e.flags() + " len=" + e.value().length);
                    }
                }
            }));
        }
        Thread.sleep(1_500);
        stop.set(true);
        for (Thread t : all) {
            t.join();
        }
        assertTrue(bad.isEmpty(), () -> bad.size() + " torn or foreign values, e.g. " + bad.peek());
        assertTrue(st.stats().evictions() > 0, "the test should have forced evictions");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void readersNeverSeeTornValuesWhileItemSizesShift(String name) throws Exception {
        // Sizes flip between about 1 KB and a few bytes: slab pages change class or are given
        // back, log segments are given back and reserved again, under readers.
        KeyValueStore st = Stores.create(name, 4L << 20);
        int keys = 20_000;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean small = new AtomicBoolean();
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        List<Thread> all = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            all.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    while (!stop.get()) {
                        int k = rnd.nextInt(keys);
                        st.set("k" + k, value(k, small.get() ? rnd.nextInt(8, 17) : rnd.nextInt(800, 1200)), k, 0);
                    }
                } catch (RuntimeException e) {
                    bad.add("writer: " + e);
                }
            }));
        }
        for (int r = 0; r < 3; r++) {
            all.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int k = rnd.nextInt(keys);
                    StoreEntry e = st.get("k" + k);
                    if (e != null && !valid(k, e)) {
                        bad.add("k" + k + " flags=" + e.flags() + " len=" + e.value().length);
                    }
                }
            }));
        }
        for (int flip = 0; flip < 10; flip++) {
            Thread.sleep(150);
            small.set(!small.get());
        }
        stop.set(true);
        for (Thread t : all) {
            t.join();
        }
        assertTrue(bad.isEmpty(), () -> bad.size() + " failures, e.g. " + bad.peek());
        AbstractStore store = (AbstractStore) st;
        assertTrue(store.stats().bytes() <= 4L << 20 && store.heldBytes() <= 4L << 20,
                () -> "bytes " + store.stats().bytes() + ", held " + store.heldBytes());
    }

    /** A value that says which key it belongs to and is self-checking: key, length, then a pattern. */
    static byte[] value(int key, int length) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(8, length));
        b.putInt(key).putInt(b.capacity());
        while (b.hasRemaining()) {
            b.put((byte) (key * 31 + b.position()));
        }
        return b.array();
    }

    static boolean valid(int key, StoreEntry e) {
        ByteBuffer b = ByteBuffer.wrap(e.value());
        if (e.value().length < 8 || b.getInt() != key || b.getInt() != e.value().length || e.flags() != key) {
            return false;
        }
        while (b.hasRemaining()) {
            if (b.get() != (byte) (key * 31 + b.position() - 1)) {
                return false;
            }
        }
        return true;
    }
}
