package org.mlos.mem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreStats;

/**
 * The memcached server checked the item limit ({@code -I}) before the store joined an append, so
 * two appends racing on one key could together make an item larger than the limit.
 * {@link KeyValueStore#append(String, byte[], long)} checks it on the item it joins: under many
 * threads appending to one key, the item never passes the limit, and every append that answered
 * stored is in it, none twice (each appends its own byte, counted at the end).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RacingAppendsStayWithinTheItemLimitTest {

    private static final int THREADS = 8;
    private static final int APPENDS = 400;
    private static final int PART = 100;
    private static final long LIMIT = 64 * PART + 7; // room for 64 parts, not for a 65th

    static Stream<String> stores() {
        return Stream.concat(Stores.names(), Stream.of("interface-default"));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void racingAppendsAndPrependsNeverPassTheLimitAndLoseNothing(String name) throws Exception {
        KeyValueStore st = name.equals("interface-default") ? new DefaultJoins(Stores.create("heap", 16L << 20))
                : Stores.create(name, 16L << 20);
        for (int round = 0; round < 5; round++) {
            String key = "list" + round;
            st.set(key, new byte[0], 0, KeyValueStore.NEVER);
            AtomicInteger[] stored = new AtomicInteger[THREADS];
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int me = t;
                stored[t] = new AtomicInteger();
                byte[] part = new byte[PART];
                java.util.Arrays.fill(part, (byte) ('a' + me));
                all.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < APPENDS; i++) {
                        long cas = (i & 1) == 0 ? st.append(key, part, LIMIT) : st.prepend(key, part, LIMIT);
                        if (cas != 0) {
                            stored[me].incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : all) {
                t.join();
            }
            byte[] v = st.get(key).value();
            assertTrue(v.length <= LIMIT, name + ": " + v.length + " bytes, past the limit of " + LIMIT);
            assertEquals(64 * PART, v.length, name + ": the item fills up to the limit");
            int[] counted = new int[THREADS];
            for (byte b : v) {
                counted[b - 'a']++;
            }
            for (int t = 0; t < THREADS; t++) {
                assertEquals(stored[t].get() * PART, counted[t], name + ": thread " + t + "'s stored parts, each once");
            }
            assertEquals(0, st.append(key, new byte[1], v.length), name + ": one byte past the limit is refused");
            assertEquals(v.length, st.get(key).value().length, name + ": a refused append leaves the item as it was");
            assertTrue(st.append(key, new byte[0], v.length) != 0, name + ": an append that reaches the limit exactly is stored");
        }
        assertEquals(0, st.append("missing", new byte[1], LIMIT), name + ": no item, nothing appended");
    }

    /** A store that has only the interface's compare-and-set join for appends within a limit. */
    private record DefaultJoins(KeyValueStore s) implements KeyValueStore {
        public StoreEntry get(String key) {
            return s.get(key);
        }

        public boolean read(String key, org.mlos.mem.api.ValueReader reader) {
            return s.read(key, reader);
        }

        public long set(String key, byte[] value, int flags, long expiresAt) {
            return s.set(key, value, flags, expiresAt);
        }

        public long add(String key, byte[] value, int flags, long expiresAt) {
            return s.add(key, value, flags, expiresAt);
        }

        public long replace(String key, byte[] value, int flags, long expiresAt) {
            return s.replace(key, value, flags, expiresAt);
        }

        public CasResult compareAndSet(String key, byte[] value, int flags, long expiresAt, long expectedCas) {
            return s.compareAndSet(key, value, flags, expiresAt, expectedCas);
        }

        public long append(String key, byte[] suffix) {
            return s.append(key, suffix);
        }

        public long prepend(String key, byte[] prefix) {
            return s.prepend(key, prefix);
        }

        public org.mlos.mem.api.Counter increment(String key, long delta) {
            return s.increment(key, delta);
        }

        public org.mlos.mem.api.Counter decrement(String key, long delta) {
            return s.decrement(key, delta);
        }

        public boolean touch(String key, long expiresAt) {
            return s.touch(key, expiresAt);
        }

        public StoreEntry touchAndGet(String key, long expiresAt) {
            return s.touchAndGet(key, expiresAt);
        }

        public boolean delete(String key) {
            return s.delete(key);
        }

        public void flushAll(long atMillis) {
            s.flushAll(atMillis);
        }

        public long size() {
            return s.size();
        }

        public long capacityBytes() {
            return s.capacityBytes();
        }

        public StoreStats stats() {
            return s.stats();
        }
    }
}
