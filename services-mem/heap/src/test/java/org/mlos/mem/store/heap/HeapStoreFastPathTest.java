package org.mlos.mem.store.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreStats;

/**
 * The heap store's inline paths: a get's common case (one seqlock pass, no expiry, no flush
 * pending) and a set that replaces a key's item in place when it fits. Each is small so that C2
 * inlines it, and each must stay exactly as right as the general path it bypasses: no torn read,
 * every unique once and paired with its own write, every get and set counted, the byte count exact.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HeapStoreFastPathTest {

    /**
     * Writers replace two hot keys with versioned values (the version in the value's first 8 bytes,
     * in every other byte's low bits and in the flags) while readers read them through {@code read}
     * and {@code get}: a read that mixed two writes (value of one, flags or unique of another) is
     * caught, and so is a unique handed out twice or not paired with the value it was set with.
     */
    @Test
    void inlineReadsNeverMixTwoWritesWhileKeysAreReplaced() throws Exception {
        HeapStore st = new HeapStore(64L << 20);
        String[] keys = { "hot-a", "hot-b" };
        for (String k : keys) {
            st.set(k, value(0, 64), 0, KeyValueStore.NEVER);
        }
        int writers = 2;
        int readers = 3;
        int writes = 100_000;
        int reads = 300_000;
        Map<Long, Long> versionOfUnique = new ConcurrentHashMap<>(); // unique -> key index << 40 | version
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> all = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int me = w;
            all.add(Thread.ofPlatform().start(() -> {
                long[] last = new long[keys.length];
                for (int i = 1; i <= writes; i++) {
                    long version = (long) i * writers + me;
                    int k = i % keys.length;
                    long cas = st.set(keys[k], value(version, 32 + (int) (version % 64)), (int) version,
                            KeyValueStore.NEVER);
                    if (versionOfUnique.putIfAbsent(cas, (long) k << 40 | version) != null) {
                        failure.compareAndSet(null, "unique " + cas + " handed out twice");
                    }
                    if (cas <= last[k]) {
                        failure.compareAndSet(null, "unique " + cas + " of " + keys[k] + " not above " + last[k]);
                    }
                    last[k] = cas;
                }
            }));
        }
        long[][] seen = new long[readers][];
        for (int r = 0; r < readers; r++) {
            int me = r;
            seen[r] = new long[reads * 2];
            all.add(Thread.ofPlatform().start(() -> {
                long[] mine = seen[me];
                for (int i = 0; i < reads; i++) {
                    int k = i % keys.length;
                    long[] got = new long[2];
                    if (me == 0 && i % 4 == 0) {
                        StoreEntry e = st.get(keys[k]);
                        if (e == null) {
                            failure.compareAndSet(null, keys[k] + " missed while it was being replaced");
                            continue;
                        }
                        check(e.value(), e.flags(), failure);
                        got[0] = e.cas();
                        got[1] = ByteBuffer.wrap(e.value()).getLong();
                    } else {
                        boolean hit = st.read(keys[k], (bytes, offset, length, flags, cas) -> {
                            byte[] v = new byte[length];
                            System.arraycopy(bytes, offset, v, 0, length);
                            check(v, flags, failure);
                            got[0] = cas;
                            got[1] = ByteBuffer.wrap(v).getLong();
                        });
                        if (!hit) {
                            failure.compareAndSet(null, keys[k] + " missed while it was being replaced");
                        }
                    }
                    mine[2 * i] = got[0];
                    mine[2 * i + 1] = (long) k << 40 | got[1];
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        assertEquals(null, failure.get());
        assertEquals(writers * writes, versionOfUnique.size());
        for (long[] mine : seen) {
            for (int i = 0; i < mine.length; i += 2) {
                long version = mine[i + 1] & ((1L << 40) - 1);
                if (version == 0) {
                    continue; // the value stored before the writers started
                }
                assertEquals(mine[i + 1], versionOfUnique.get(mine[i]),
                        "a read paired unique " + mine[i] + " with a value it was not set with");
            }
        }
    }

    /**
     * get_hits, get_misses and cmd_set (= total_items) are exact under many threads, through the
     * inline paths and the rare ones (a miss, an item with an expiry time, a delayed flush pending).
     */
    @Test
    void everyGetAndSetIsCountedOnceUnderManyThreads() throws Exception {
        HeapStore st = new HeapStore(64L << 20);
        int present = 1_000;
        for (int i = 0; i < present; i++) {
            st.set("p" + i, value(i, 40), 0, i % 3 == 0 ? Long.MAX_VALUE - 1 : KeyValueStore.NEVER);
        }
        StoreStats before = st.stats();
        int threads = 8;
        int perThread = 50_000;
        AtomicLong hits = new AtomicLong();
        AtomicLong misses = new AtomicLong();
        AtomicLong sets = new AtomicLong();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            all.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long h = 0;
                long m = 0;
                long s = 0;
                for (int i = 0; i < perThread; i++) {
                    int op = rnd.nextInt(10);
                    String key = op < 2 ? "absent" + rnd.nextInt(present) : "p" + rnd.nextInt(present);
                    if (me == 0 && i == perThread / 2) {
                        st.flushAll(System.currentTimeMillis() + 3_600_000); // pending from now on: the rare path
                    } else if (op == 9) {
                        st.set(key, value(i, 20 + rnd.nextInt(40)), 0, KeyValueStore.NEVER);
                        s++;
                    } else {
                        boolean hit = (i & 1) == 0 ? st.read(key, (b, o, l, f, c) -> { }) : st.get(key) != null;
                        if (hit) {
                            h++;
                        } else {
                            m++;
                        }
                    }
                }
                hits.addAndGet(h);
                misses.addAndGet(m);
                sets.addAndGet(s);
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        StoreStats after = st.stats();
        assertEquals(hits.get(), after.getHits() - before.getHits(), "get_hits");
        assertEquals(misses.get(), after.getMisses() - before.getMisses(), "get_misses");
        assertEquals(sets.get(), after.sets() - before.sets(), "cmd_set");
        assertEquals(present + sets.get(), after.totalItems(), "total_items");
        assertTrue(misses.get() > threads * perThread / 10, "the rare path was taken: " + misses.get() + " misses");
    }

    /**
     * Keys replaced in place with values of changing sizes, new keys and evictions (a store small
     * enough to evict), under many threads: the store's byte count is the sum of its items' costs.
     */
    @Test
    void replacingInPlaceKeepsTheByteCountExact() throws Exception {
        HeapStore st = new HeapStore(4L << 20);
        int threads = 8;
        int perThread = 40_000;
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < perThread; i++) {
                    // few keys, mostly replaced in place; a few thousand more push the store to evict
                    String key = rnd.nextInt(4) == 0 ? "n" + rnd.nextInt(20_000) : "k" + rnd.nextInt(64);
                    st.set(key, new byte[rnd.nextInt(rnd.nextInt(8) == 0 ? 4_000 : 200)], 0, KeyValueStore.NEVER);
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        long[] sum = { 0, 0 };
        st.forEachItem(e -> {
            sum[0] += HeapStore.cost(e.key(), e.value().length);
            sum[1]++;
        });
        StoreStats stats = st.stats();
        assertEquals(sum[1], stats.entries(), "items");
        assertEquals(sum[0], stats.bytes(), "the byte count is the sum of the items' costs");
        assertTrue(stats.evictions() > 0, "the store evicted: " + stats);
        assertTrue(stats.bytes() <= st.capacityBytes());
    }

    /** A value of {@code length} bytes (at least 8): the version, then its low byte repeated. */
    private static byte[] value(long version, int length) {
        byte[] v = new byte[Math.max(8, length)];
        ByteBuffer.wrap(v).putLong(version);
        for (int i = 8; i < v.length; i++) {
            v[i] = (byte) version;
        }
        return v;
    }

    private static void check(byte[] v, int flags, AtomicReference<String> failure) {
        long version = ByteBuffer.wrap(v).getLong();
        if ((int) version != flags) {
            failure.compareAndSet(null, "value of version " + version + " read with the flags of " + flags);
        }
        if (version != 0 && v.length != 32 + (int) (version % 64)) {
            failure.compareAndSet(null, "value of version " + version + " read with " + v.length + " bytes");
        }
        for (int i = 8; i < v.length; i++) {
            if (v[i] != (byte) version) {
                failure.compareAndSet(null, "value of version " + version + " holds another's bytes");
            }
        }
    }
}
