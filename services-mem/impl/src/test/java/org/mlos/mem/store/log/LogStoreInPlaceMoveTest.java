package org.mlos.mem.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlos.mem.store.log.LogStoreConcurrentReadTest.check;
import static org.mlos.mem.store.log.LogStoreConcurrentReadTest.name;
import static org.mlos.mem.store.log.LogStoreConcurrentReadTest.value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlos.mem.api.StoreEntry;

/**
 * A set of a present key moves the key's one item to the new record in place, and compaction
 * moves it too, while readers copy without a lock. Few hot keys, replaced over and over in a log
 * small enough to compact and evict all the time: every read pairs a value with the CAS unique of
 * the same set (its header, not another record's), no CAS unique is handed out twice, each key's
 * uniques grow with its versions, and afterwards each key holds its last set (with that set's
 * unique) unless its eviction was told after that set began. With values of one record size,
 * most sets rewrite the record itself in place ({@link LogSpace#rewrite}), while a filler appends
 * other keys so that the log rolls, the hot keys leave the mutable region and are appended again,
 * and segments are compacted and evicted under them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogStoreInPlaceMoveTest {

    static final int WRITERS = 3;
    static final int READERS = 3;
    static final int KEYS_PER_WRITER = 40;
    static final int SETS_PER_WRITER = 40_000;
    /** Observations a reader keeps for the check at the end. */
    static final int KEPT_PER_READER = 200_000;

    /** Small values: the log compacts; large ones (about 2.4 MB live in 3 MB): it evicts too. */
    @ParameterizedTest(name = "values up to {0} bytes")
    @ValueSource(ints = { 2_000, 40_000 })
    void aReadPairsEveryValueWithItsOwnSetsUniqueWhileItemsMoveInPlace(int maxValue) throws Exception {
        run(maxValue, false);
    }

    /** Values of {@code length} bytes each (one record size): the hot keys' records are rewritten in place. */
    @ParameterizedTest(name = "values of {0} bytes")
    @ValueSource(ints = { 100, 2_000 })
    void aReadPairsEveryValueWithItsOwnSetsUniqueWhileSetsRewriteRecordsInPlace(int length) throws Exception {
        run(length, true);
    }

    /** A value of a key's version as {@link LogStoreConcurrentReadTest#value} makes one, of exactly {@code length} bytes. */
    static byte[] valueOfLength(int key, int version, int length) {
        byte[] v = new byte[length];
        java.nio.ByteBuffer.wrap(v).putInt(key).putInt(version).putInt(length);
        for (int i = 12; i < length; i++) {
            v[i] = (byte) (key * 31 + version * 7 + i);
        }
        return v;
    }

    private void run(int maxValue, boolean oneSize) throws Exception {
        LogStore st = new LogStore((3L << 20) + 4096); // three 1 MB segments: reclaimed every few hundred sets
        Map<String, Long> toldEvicted = new ConcurrentHashMap<>();
        AtomicLong ticket = new AtomicLong();
        st.onEviction(key -> toldEvicted.merge(key, ticket.incrementAndGet(), Math::max));
        int keys = WRITERS * KEYS_PER_WRITER;
        // the unique of every set: index key * (SETS_PER_WRITER + 1) + version
        long[] casOf = new long[keys * (SETS_PER_WRITER + 1)];
        int[] lastVersion = new int[keys];
        long[] lastTicket = new long[keys];
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<String> wrong = new AtomicReference<>();
        List<long[]> observed = new ArrayList<>(); // per reader: key, version, cas triples
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int[] versions = new int[KEYS_PER_WRITER];
                for (int i = 0; i < SETS_PER_WRITER; i++) {
                    int slot = rnd.nextInt(KEYS_PER_WRITER);
                    int key = slot * WRITERS + writer;
                    int version = ++versions[slot];
                    byte[] v = oneSize ? valueOfLength(key, version, maxValue) : value(key, version, maxValue);
                    // before: a tell between the set's return and a ticket taken after it may be of
                    // the new record (this thread descheduled while the filler rolls the log round),
                    // so only one told before the set began is no excuse; an eviction of the old
                    // record while the set rolled is pinned in one thread, where its order is certain
                    // (ASetWhoseRollEvictedTheKeysOldRecordLostItsValueTest)
                    lastTicket[key] = ticket.incrementAndGet();
                    casOf[key * (SETS_PER_WRITER + 1) + version] = st.set(name(key), v, version, 0);
                    lastVersion[key] = version;
                }
            }));
        }
        if (oneSize) {
            threads.add(Thread.ofPlatform().start(() -> {
                byte[] filler = new byte[3_000];
                for (int i = 0; writing.get() && wrong.get() == null; i++) {
                    st.set("filler:" + i, filler, 0, 0); // new keys: the log rolls and reclaims
                }
            }));
        }
        for (int r = 0; r < READERS; r++) {
            long[] seen = new long[3 * KEPT_PER_READER];
            observed.add(seen);
            boolean useGet = r == 0;
            threads.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int[] at = new int[2]; // the key read, observations kept
                while (writing.get() && wrong.get() == null) {
                    int key = rnd.nextInt(keys);
                    at[0] = key;
                    if (useGet) {
                        StoreEntry e = st.get(name(key));
                        if (e != null) {
                            note(seen, at, wrong, key, e.value(), 0, e.value().length, e.flags(), e.cas());
                        }
                    } else {
                        st.read(name(key), (b, o, l, f, c) -> note(seen, at, wrong, at[0], b, o, l, f, c));
                    }
                }
            }));
        }
        for (int w = 0; w < WRITERS; w++) {
            threads.get(w).join();
        }
        writing.set(false);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(null, wrong.get());
        assertTrue(st.stats().evictions() + st.compactions() > 0, "the log must have reclaimed segments");

        long[] uniques = Arrays.stream(casOf).filter(c -> c != 0).sorted().toArray();
        assertEquals((long) WRITERS * SETS_PER_WRITER, uniques.length, "every set got a unique");
        for (int i = 1; i < uniques.length; i++) {
            assertTrue(uniques[i] != uniques[i - 1], "CAS unique " + uniques[i] + " handed out twice");
        }
        long pairs = 0;
        for (long[] seen : observed) {
            for (int i = 0; i + 2 < seen.length && seen[i + 2] != 0; i += 3) {
                int key = (int) seen[i];
                int version = (int) seen[i + 1];
                assertEquals(casOf[key * (SETS_PER_WRITER + 1) + version], seen[i + 2],
                        "key " + key + " version " + version + " read with the unique of another set");
                pairs++;
            }
        }
        assertTrue(pairs > 0, "readers read something");
        for (int key = 0; key < keys; key++) {
            int version = lastVersion[key];
            StoreEntry e = st.get(name(key));
            if (e == null) {
                Long told = toldEvicted.get(name(key));
                assertTrue(told != null && told > lastTicket[key],
                        "key " + key + " version " + version + " is gone and its eviction was not told after its set began");
                continue;
            }
            assertEquals(version, e.flags(), "key " + key + " holds its last set");
            assertEquals(casOf[key * (SETS_PER_WRITER + 1) + version], e.cas(), "key " + key + " holds its last set's unique");
            assertEquals(null, check(key, e.value(), 0, e.value().length, e.flags()));
        }
        assertTrue(st.stats().bytes() <= st.capacityBytes() && st.heldBytes() <= st.capacityBytes(),
                "within the budget: bytes " + st.stats().bytes() + ", held " + st.heldBytes());
        System.out.printf("LOG_IN_PLACE one_size=%b max_value=%d pairs=%d evictions=%d compactions=%d%n", oneSize, maxValue, pairs, st.stats().evictions(),
                st.compactions());
    }

    /** Checks a value read and keeps (key, version, unique) while there is room. */
    private static void note(long[] seen, int[] at, AtomicReference<String> wrong, int key, byte[] b, int offset,
            int length, int flags, long cas) {
        String problem = check(key, b, offset, length, flags);
        if (problem != null) {
            wrong.compareAndSet(null, problem);
            return;
        }
        if (cas == 0) {
            wrong.compareAndSet(null, "key " + key + " version " + flags + " read with unique 0");
            return;
        }
        int n = at[1];
        if (3 * n + 2 < seen.length) {
            seen[3 * n] = key;
            seen[3 * n + 1] = flags;
            seen[3 * n + 2] = cas;
            at[1] = n + 1;
        }
    }
}
