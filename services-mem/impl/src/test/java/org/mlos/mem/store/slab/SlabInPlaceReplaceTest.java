package org.mlos.mem.store.slab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.testing.Concurrently;
import org.mlos.mem.api.StoreEntry;

/**
 * A set whose item needs the class of the key's chunk rewrites that chunk in place, claimed by its
 * stamp, with no class lock: racing readers, evictions, page moves, flushes and walks must never
 * see a torn or foreign item, lose an acknowledged one untold, or see a CAS unique twice. Every
 * value carries its key and a version throughout its bytes, so that a copy mixing two writes of
 * the same key (same length, same class) is caught, not only one mixing two keys.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SlabInPlaceReplaceTest {

    @Test
    void aSetOfTheSameClassRewritesTheKeysChunkAndAnotherClassMovesIt() {
        SlabStore st = new SlabStore(8L << 20);
        st.set("k", versioned(1, 1, 100), 1, 0);
        int chunk = st.chunkOf("k");
        long cas = st.set("k", versioned(1, 2, 104), 2, 0);
        assertEquals(chunk, st.chunkOf("k"), "a same-class replace keeps the chunk");
        StoreEntry e = st.get("k");
        assertEquals(cas, e.cas());
        assertEquals(2, e.flags());
        assertTrue(validVersioned(1, e.value(), 0, e.value().length));
        st.set("k", versioned(1, 3, 5_000), 3, 0);
        assertNotEquals(chunk, st.chunkOf("k"), "a larger item takes a chunk of its class");
        assertEquals(1, st.size());
        assertEquals(3, st.get("k").flags());
    }

    /**
     * Writers rewrite their keys in place (each key one length, so one class) while another
     * writer cycles item sizes through a small store (evictions, pages moving between classes)
     * and one flushes now and then; readers check every item handed to them, through
     * {@code read} and {@code get}: key, version and length agree across all the value's bytes,
     * and the flags (the version) come from the same write.
     */
    @Test
    void sameClassReplacesRacingReadersEvictionsAndPageMovesNeverHandOutATornOrForeignItem() throws Exception {
        SlabStore st = new SlabStore(8L << 20);
        int keys = 32; // few and large: readers' copies overlap writes often
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger writersLeft = new AtomicInteger(3);
        AtomicInteger hits = new AtomicInteger();
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        Concurrently.run(7, t -> {
            SplittableRandom rnd = new SplittableRandom(t);
            try {
                if (t < 2) {
                    for (int i = 1; i <= 60_000; i++) {
                        int k = rnd.nextInt(keys);
                        st.set("k" + k, versioned(k, i, 16 * lengthOf(k)), i, 0);
                    }
                } else if (t == 2) {
                    for (int i = 1; i <= 12_000; i++) {
                        int k = keys + rnd.nextInt(20_000);
                        boolean small = (i / 2_000) % 2 == 0; // sizes shift: pages change class
                        st.set("k" + k, versioned(k, i, small ? rnd.nextInt(16, 60) : rnd.nextInt(900, 4_000)), i, 0);
                        if (i % 3_000 == 0) {
                            st.flushAll(0);
                        }
                    }
                } else {
                    for (int i = 0; writing.get() || i < 20_000; i++) {
                        int k = rnd.nextInt(keys);
                        String key = "k" + k;
                        if (i % 4 == 0) {
                            StoreEntry e = st.get(key);
                            if (e != null) {
                                hits.incrementAndGet();
                                check(bad, k, e.value(), 0, e.value().length, e.flags(), e.cas());
                            }
                        } else {
                            st.read(key, (bytes, offset, length, flags, cas) -> {
                                hits.incrementAndGet();
                                check(bad, k, bytes, offset, length, flags, cas);
                            });
                        }
                    }
                }
            } finally {
                if (t < 3 && writersLeft.decrementAndGet() == 0) {
                    writing.set(false);
                }
            }
        });
        assertTrue(bad.isEmpty(), () -> bad.size() + " torn or foreign items, e.g. " + bad.peek());
        assertTrue(hits.get() > 1_000, "the readers should have found items: " + hits.get());
        assertTrue(st.stats().evictions() > 0, "the load should evict");
    }

    /**
     * Threads own their keys and replace them mostly in place, now and then with a size of
     * another class, in a store too small for them all; afterwards every key reads back as last
     * acknowledged (value, flags, CAS unique) or was told evicted, and no CAS unique came twice.
     */
    @Test
    void nothingAcknowledgedIsLostUnlessToldEvictedAndNoCasUniqueRepeatsUnderInPlaceReplaces() throws Exception {
        SlabStore st = new SlabStore(10L << 20);
        Set<String> evicted = ConcurrentHashMap.newKeySet();
        st.onEviction(evicted::add);
        int threads = 6;
        int perThread = 700;
        long[][] lastCas = new long[threads][perThread];
        int[][] lastVersion = new int[threads][perThread];
        int[][] lastLength = new int[threads][perThread];
        List<long[]> uniques = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            uniques.add(new long[40_000]);
        }
        Concurrently.run(threads, t -> {
            SplittableRandom rnd = new SplittableRandom(200 + t);
            long[] mine = uniques.get(t);
            for (int i = 0; i < mine.length; i++) {
                int k = rnd.nextInt(perThread);
                int code = t * perThread + k;
                int length = rnd.nextInt(20) == 0 ? rnd.nextInt(1_500, 6_000) : lengthOf(code);
                long cas = st.set("t" + t + "-" + k, versioned(code, i + 1, length), i + 1, 0);
                mine[i] = cas;
                lastCas[t][k] = cas;
                lastVersion[t][k] = i + 1;
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
                StoreEntry e = st.get(key);
                if (e == null) {
                    assertTrue(evicted.contains(key), key + " lost without an eviction told");
                    continue;
                }
                kept++;
                assertEquals(lastCas[t][k], e.cas(), key);
                assertEquals(lastVersion[t][k], e.flags(), key);
                assertEquals(lastLength[t][k], e.value().length, key);
                assertTrue(validVersioned(t * perThread + k, e.value(), 0, e.value().length), key);
                assertEquals(lastVersion[t][k], version(e.value()), key);
            }
        }
        assertTrue(kept > 300, "kept " + kept);
        assertTrue(!evicted.isEmpty(), "the load should evict");
    }

    /**
     * Writers of large items in a store of a few dozen chunks, one class: most sets rewrite a
     * chunk in place while the others' sets evict by CLOCK over the same chunks, so an eviction
     * often reaches a chunk being rewritten; it must pass it by, never free it under the write
     * (its next owner would write into it too). Readers check every item; afterwards every key
     * reads back as last acknowledged or was told evicted.
     */
    @Test
    void evictionsPassByChunksBeingRewrittenInPlace() throws Exception {
        SlabStore st = new SlabStore(3L << 20);
        Set<String> evicted = ConcurrentHashMap.newKeySet();
        st.onEviction(evicted::add);
        int writers = 3;
        int keys = 16; // a writer's own keys; the three writers' keys outnumber the chunks
        int length = 60_000;
        int[][] lastVersion = new int[writers][keys];
        long[][] lastCas = new long[writers][keys];
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger writersLeft = new AtomicInteger(writers);
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        Concurrently.run(writers + 2, t -> {
            SplittableRandom rnd = new SplittableRandom(300 + t);
            if (t < writers) {
                try {
                    for (int i = 1; i <= 6_000; i++) {
                        int k = rnd.nextInt(keys);
                        int code = t * keys + k;
                        lastCas[t][k] = st.set("w" + code, versioned(code, i, length), i, 0);
                        lastVersion[t][k] = i;
                    }
                } finally {
                    if (writersLeft.decrementAndGet() == 0) {
                        writing.set(false);
                    }
                }
            } else {
                for (int i = 0; writing.get() || i < 2_000; i++) {
                    int code = rnd.nextInt(writers * keys);
                    st.read("w" + code, (bytes, offset, n, flags, cas) -> check(bad, code, bytes, offset, n, flags, cas));
                }
            }
        });
        assertTrue(bad.isEmpty(), () -> bad.size() + " torn or foreign items, e.g. " + bad.peek());
        for (int t = 0; t < writers; t++) {
            for (int k = 0; k < keys; k++) {
                String key = "w" + (t * keys + k);
                StoreEntry e = st.get(key);
                if (e == null) {
                    assertTrue(lastCas[t][k] == 0 || evicted.contains(key), key + " lost without an eviction told");
                } else {
                    assertEquals(lastCas[t][k], e.cas(), key);
                    assertEquals(lastVersion[t][k], e.flags(), key);
                    assertTrue(validVersioned(t * keys + k, e.value(), 0, e.value().length), key);
                }
            }
        }
        assertTrue(st.stats().evictions() > 100, "the load should evict: " + st.stats().evictions());
    }

    /**
     * A walk (what an export for a swap runs on) lists every key exactly once with a whole item
     * while writers rewrite every key in place: a chunk claimed under the walk is waited out,
     * not skipped.
     */
    @Test
    void aWalkListsEveryKeyOnceWhileItsChunksAreRewrittenInPlace() throws Exception {
        SlabStore st = new SlabStore(16L << 20);
        int keys = 2_000;
        for (int k = 0; k < keys; k++) {
            st.set("k" + k, versioned(k, 1, lengthOf(k)), 1, 0);
        }
        AtomicBoolean walking = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        Concurrently.run(3, t -> {
            if (t < 2) {
                SplittableRandom rnd = new SplittableRandom(t);
                for (int i = 2; walking.get() || i < 50_000; i++) {
                    int k = rnd.nextInt(keys);
                    st.set("k" + k, versioned(k, i, lengthOf(k)), i, 0);
                }
            } else {
                try {
                    for (int walk = 0; walk < 40; walk++) {
                        Map<String, Integer> listed = new HashMap<>();
                        st.forEachItem(e -> {
                            listed.merge(e.key(), 1, Integer::sum);
                            int k = Integer.parseInt(e.key().substring(1));
                            check(bad, k, e.value(), 0, e.value().length, e.flags(), e.cas());
                        });
                        for (int k = 0; k < keys; k++) {
                            Integer n = listed.get("k" + k);
                            if (n == null || n != 1) {
                                bad.add("walk " + walk + ": k" + k + " listed " + n + " times");
                            }
                        }
                    }
                } finally {
                    walking.set(false);
                }
            }
        });
        assertTrue(bad.isEmpty(), () -> bad.size() + " problems, e.g. " + bad.peek());
        assertEquals(0, st.stats().evictions());
    }

    /** Each key one length, so that its items are always of one class; lengths spread over several classes. */
    private static int lengthOf(int key) {
        return 200 + (key % 5) * 300;
    }

    private static void check(ConcurrentLinkedQueue<String> bad, int key, byte[] bytes, int offset, int length,
            int flags, long cas) {
        if (!validVersioned(key, bytes, offset, length) || version(bytes, offset) != flags || cas <= 0) {
            bad.add("k" + key + " flags=" + flags + " length=" + length + " cas=" + cas);
        }
    }

    /** key, length, version, then bytes that depend on all three: two writes of a key differ throughout. */
    static byte[] versioned(int key, int version, int length) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(12, length));
        b.putInt(key).putInt(b.capacity()).putInt(version);
        while (b.hasRemaining()) {
            b.put(fill(key, version, b.position()));
        }
        return b.array();
    }

    private static byte fill(int key, int version, int i) {
        return (byte) (key * 31 + version * 17 + i);
    }

    private static int version(byte[] bytes) {
        return version(bytes, 0);
    }

    private static int version(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes, offset + 8, 4).getInt();
    }

    static boolean validVersioned(int key, byte[] bytes, int offset, int length) {
        if (length < 12) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
        if (b.getInt() != key || b.getInt() != length) {
            return false;
        }
        int version = b.getInt();
        for (int i = 12; i < length; i++) {
            if (bytes[offset + i] != fill(key, version, i)) {
                return false;
            }
        }
        return true;
    }
}
