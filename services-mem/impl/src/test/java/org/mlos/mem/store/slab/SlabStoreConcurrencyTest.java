package org.mlos.mem.store.slab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.testing.Concurrently;
import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.StoreEntry;

/**
 * The slab store's lock-free paths under many threads, bounded by counts: reads through
 * {@code read(key, ValueReader)} while chunks are freed, reused, evicted and pages change class;
 * acknowledged writes kept unless told evicted; CAS uniques never given twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlabStoreConcurrencyTest {

    /**
     * Writers overwrite and evict constantly with sizes that move pages between classes; readers
     * check every value handed to them inside the reader, where the bytes lie in a scratch array.
     */
    @Test
    void readersThroughAValueReaderNeverSeeATornOrForeignValue() throws Exception {
        SlabStore st = new SlabStore(4L << 20);
        int keys = 6_000;
        AtomicInteger hits = new AtomicInteger();
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        // every key there before the threads start: readers that a busy machine runs before the
        // writers (it did, under a CPU hog) still find items
        for (int k = 0; k < keys; k++) {
            st.set("k" + k, value(k, 8 + k % 32), k, 0);
        }
        Concurrently.run(6, t -> {
            SplittableRandom rnd = new SplittableRandom(t);
            if (t < 3) {
                for (int i = 0; i < 40_000; i++) {
                    int k = rnd.nextInt(keys);
                    boolean small = (i / 5_000) % 2 == 0; // sizes shift: pages change class
                    st.set("k" + k, value(k, small ? rnd.nextInt(8, 40) : rnd.nextInt(600, 3_000)), k, 0);
                }
            } else {
                for (int i = 0; i < 150_000; i++) {
                    int k = rnd.nextInt(keys);
                    st.read("k" + k, (bytes, offset, length, flags, cas) -> {
                        hits.incrementAndGet();
                        if (!valid(k, bytes, offset, length) || flags != k || cas <= 0) {
                            bad.add("k" + k + " flags=" + flags + " length=" + length + " cas=" + cas);
                        }
                    });
                }
            }
        });
        assertTrue(bad.isEmpty(), () -> bad.size() + " torn or foreign values, e.g. " + bad.peek());
        assertTrue(hits.get() > 1_000, "the readers should have found items: " + hits.get());
        assertTrue(st.stats().evictions() > 0, "the load should evict");
    }

    /**
     * Each thread owns its keys and remembers what it last stored under each and the CAS unique
     * it got back; evictions are recorded by the listener. Afterwards a key reads back exactly as
     * last stored, with that CAS unique, or was told evicted; and no CAS unique came back twice.
     */
    @Test
    void nothingAcknowledgedIsLostUnlessToldEvictedAndNoCasUniqueRepeats() throws Exception {
        SlabStore st = new SlabStore(16L << 20);
        Set<String> evicted = ConcurrentHashMap.newKeySet();
        st.onEviction(evicted::add);
        int threads = 6;
        int perThread = 2_000;
        long[][] lastCas = new long[threads][perThread];
        int[][] lastLength = new int[threads][perThread];
        List<long[]> uniques = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            uniques.add(new long[30_000]);
        }
        Concurrently.run(threads, t -> {
            SplittableRandom rnd = new SplittableRandom(100 + t);
            long[] mine = uniques.get(t);
            for (int i = 0; i < mine.length; i++) {
                int k = rnd.nextInt(perThread);
                String key = "t" + t + "-" + k;
                int code = t * perThread + k;
                int length = rnd.nextInt(10) == 0 ? rnd.nextInt(2_000, 6_000) : rnd.nextInt(8, 300);
                long cas;
                int op = rnd.nextInt(10);
                if (op < 7 || lastCas[t][k] == 0) {
                    cas = st.set(key, value(code, length), code, 0);
                } else {
                    CasResult r = st.compareAndSet(key, value(code, length), code, 0, lastCas[t][k]);
                    if (r.status() != CasResult.Status.STORED) {
                        // evicted meanwhile: it must have been told
                        assertTrue(evicted.contains(key), key + ": cas " + r + " on an item not told evicted");
                        cas = st.set(key, value(code, length), code, 0);
                    } else {
                        cas = r.cas();
                    }
                }
                mine[i] = cas;
                lastCas[t][k] = cas;
                lastLength[t][k] = length;
            }
        });
        Set<Long> seen = new HashSet<>();
        for (long[] mine : uniques) {
            for (long cas : mine) {
                assertTrue(cas > 0 && seen.add(cas), "CAS unique " + cas + " given twice");
            }
        }
        int kept = 0;
        for (int t = 0; t < threads; t++) {
            for (int k = 0; k < perThread; k++) {
                if (lastCas[t][k] == 0) {
                    continue;
                }
                String key = "t" + t + "-" + k;
                int code = t * perThread + k;
                StoreEntry e = st.get(key);
                if (e == null) {
                    assertTrue(evicted.contains(key), key + " lost without an eviction told");
                    continue;
                }
                kept++;
                assertEquals(lastCas[t][k], e.cas(), key);
                assertEquals(lastLength[t][k], e.value().length, key);
                assertTrue(valid(code, e.value(), 0, e.value().length), key);
            }
        }
        assertTrue(kept > 100, "kept " + kept);
        assertTrue(!evicted.isEmpty(), "the load should evict");
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

    static boolean valid(int key, byte[] bytes, int offset, int length) {
        if (length < 8) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
        if (b.getInt() != key || b.getInt() != length) {
            return false;
        }
        for (int i = 8; i < length; i++) {
            if (bytes[offset + i] != (byte) (key * 31 + i)) {
                return false;
            }
        }
        return true;
    }
}
