package org.mlos.mem.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
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
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;

/**
 * Readers that take no lock beside writers that fill a small log over and over, so that segments
 * are compacted, evicted, given back and reused under them all the time: a read (and a get) never
 * hands over a torn value, a value of another key or of another version than its flags say, and
 * afterwards every key holds what its writer last stored unless its eviction was told after that.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogStoreConcurrentReadTest {

    static final int WRITERS = 4;
    static final int READERS = 4;
    static final int KEYS_PER_WRITER = 1_500;
    static final int WRITES_PER_WRITER = 60_000;

    /** A value of a key's version: 12 bytes saying which, then bytes that depend on both, of a length that does too. */
    static byte[] value(int key, int version, int maxLength) {
        int length = 12 + (int) (((key * 131L + version * 17L) & 0x7fffffff) % maxLength);
        byte[] v = new byte[length];
        ByteBuffer.wrap(v).putInt(key).putInt(version).putInt(length);
        for (int i = 12; i < length; i++) {
            v[i] = (byte) (key * 31 + version * 7 + i);
        }
        return v;
    }

    /** Null if the bytes are exactly the value of {@code key} at the version the flags name, else what is wrong. */
    static String check(int key, byte[] b, int offset, int length, int flags) {
        if (length < 12) {
            return "value of " + length + " bytes for key " + key;
        }
        ByteBuffer head = ByteBuffer.wrap(b, offset, 12);
        int k = head.getInt();
        int version = head.getInt();
        int declared = head.getInt();
        if (k != key) {
            return "key " + key + " read a value of key " + k;
        }
        if (version != flags) {
            return "key " + key + " read version " + version + " with the flags of version " + flags;
        }
        if (declared != length) {
            return "key " + key + " version " + version + " read " + length + " bytes of " + declared;
        }
        for (int i = 12; i < length; i++) {
            if (b[offset + i] != (byte) (key * 31 + version * 7 + i)) {
                return "key " + key + " version " + version + " torn at byte " + i;
            }
        }
        return null;
    }

    static String name(int key) {
        return "key:" + key;
    }

    @ParameterizedTest(name = "values up to {0} bytes")
    @ValueSource(ints = { 64, 3_000, 60_000 })
    void readersNeverSeeATornOrForeignValueAndNothingAcknowledgedIsLostUntold(int maxLength) throws Exception {
        LogStore st = new LogStore((3L << 20) + 4096); // three 1 MB segments: every few thousand writes reclaim one
        Map<String, Long> toldEvicted = new ConcurrentHashMap<>();
        AtomicLong ticket = new AtomicLong();
        st.onEviction(key -> toldEvicted.merge(key, ticket.incrementAndGet(), Math::max));
        int keys = WRITERS * KEYS_PER_WRITER;
        int[] lastVersion = new int[keys]; // 0: never set or deleted last
        long[] lastTicket = new long[keys];
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<String> wrong = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int[] versions = new int[KEYS_PER_WRITER];
                for (int i = 0; i < WRITES_PER_WRITER; i++) {
                    int slot = rnd.nextInt(KEYS_PER_WRITER);
                    int key = slot * WRITERS + writer; // each key has one writer, which knows what it last stored
                    int op = rnd.nextInt(100);
                    if (op < 4) {
                        st.delete(name(key));
                        lastVersion[key] = 0;
                    } else if (op < 8) {
                        st.touch(name(key), KeyValueStore.NEVER); // rewrites the record's expiry in place
                    } else {
                        int version = ++versions[slot];
                        lastTicket[key] = ticket.incrementAndGet(); // before: an eviction told later is of this item or newer
                        st.set(name(key), value(key, version, maxLength), version, 0);
                        lastVersion[key] = version;
                    }
                }
            }));
        }
        for (int r = 0; r < READERS; r++) {
            boolean useGet = r % 2 == 1;
            threads.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int[] current = new int[1];
                while (writing.get() && wrong.get() == null) {
                    int key = rnd.nextInt(keys);
                    current[0] = key;
                    if (useGet) {
                        StoreEntry e = st.get(name(key));
                        if (e != null) {
                            String problem = check(key, e.value(), 0, e.value().length, e.flags());
                            if (problem != null) {
                                wrong.compareAndSet(null, "get: " + problem);
                            }
                        }
                    } else {
                        st.read(name(key), (b, o, l, f, c) -> {
                            String problem = check(current[0], b, o, l, f);
                            if (problem != null) {
                                wrong.compareAndSet(null, "read: " + problem);
                            }
                        });
                    }
                    reads.incrementAndGet();
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
        assertTrue(st.stats().evictions() > 0, "the log must have evicted");
        assertTrue(st.compactions() > 0 || maxLength > 1_000, "small values overwritten often: the log compacts");

        int kept = 0;
        for (int key = 0; key < keys; key++) {
            int version = lastVersion[key];
            StoreEntry e = st.get(name(key));
            if (version == 0) {
                assertEquals(null, e, "key " + key + " was deleted last");
                continue;
            }
            if (e == null) {
                Long told = toldEvicted.get(name(key));
                assertTrue(told != null && told > lastTicket[key],
                        "key " + key + " version " + version + " is gone and its eviction was not told after it was stored");
                continue;
            }
            kept++;
            assertEquals(version, e.flags(), "key " + key);
            assertEquals(null, check(key, e.value(), 0, e.value().length, e.flags()));
        }
        assertTrue(kept > 0, "some keys kept");
        assertTrue(st.stats().bytes() <= st.capacityBytes() && st.heldBytes() <= st.capacityBytes(),
                "within the budget: bytes " + st.stats().bytes() + ", held " + st.heldBytes());
        System.out.printf("LOG_CONCURRENT max_value=%d reads=%d evictions=%d compactions=%d kept=%d%n", maxLength,
                reads.get(), st.stats().evictions(), st.compactions(), kept);
    }
}
