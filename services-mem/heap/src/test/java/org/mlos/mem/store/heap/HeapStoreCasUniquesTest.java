package org.mlos.mem.store.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.StoreEntry;

/**
 * The heap store's set has a path of its own (value written into the item in place): under many
 * threads, mixed with cas, delete-and-add and append through the common path, every unique is
 * given once, uniques follow time across keys (a write returns more than any unique its thread saw
 * before, on any key: memcached's meta {@code I} flag compares a token with an item's unique by
 * age, and per-thread blocks of uniques broke that, which {@code MetaDifferentialTest} caught), and
 * each key holds the write with the largest unique, its value that write's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HeapStoreCasUniquesTest {

    private static final int KEYS = 32;

    /** What one operation returned: key, unique, and the writer's value id (-1 for none). */
    private record Op(int key, long cas, long value) {
    }

    @Test
    void casUniquesAreNeverRepeatedAndFollowTimeAcrossKeysUnderManyThreads() throws Exception {
        HeapStore st = new HeapStore(64L << 20);
        int waves = 3;
        int threads = 8;
        int perThread = 20_000;
        List<Op>[] seen = newLists(waves * threads);
        AtomicInteger violations = new AtomicInteger();
        StringBuilder firstViolation = new StringBuilder();
        for (int w = 0; w < waves; w++) {
            int wave = w;
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = wave * threads + t;
                all.add(Thread.ofPlatform().start(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    long lastSeen = 0; // the largest unique this thread saw, on any key
                    for (int i = 0; i < perThread; i++) {
                        int k = rnd.nextInt(KEYS);
                        String key = "k" + k;
                        long id = ((long) me << 32) | i;
                        StoreEntry before = st.get(key);
                        // what this thread saw, on this key or any other, happened before its write
                        lastSeen = Math.max(lastSeen, before == null ? 0 : before.cas());
                        long floor = lastSeen;
                        long cas;
                        int op = rnd.nextInt(10);
                        if (op < 6) {
                            cas = st.set(key, value(id), 0, 0);
                        } else if (op < 8 && before != null) {
                            CasResult r = st.compareAndSet(key, value(id), 0, 0, before.cas());
                            cas = r.cas(); // 0 unless stored
                        } else if (op == 8) {
                            st.delete(key);
                            cas = st.add(key, value(id), 0, 0);
                        } else {
                            cas = st.append(key, new byte[0]);
                            id = -1; // an append keeps the value: not a writer of its own
                        }
                        if (cas == 0) {
                            continue;
                        }
                        if (cas <= floor) {
                            synchronized (firstViolation) {
                                if (violations.incrementAndGet() == 1) {
                                    firstViolation.append(key).append(": unique ").append(cas)
                                            .append(" after this thread saw ").append(floor);
                                }
                            }
                        }
                        lastSeen = cas;
                        seen[me].add(new Op(k, cas, id));
                    }
                }));
            }
            for (Thread t : all) {
                t.join(); // new threads each wave: nothing may depend on a thread living on
            }
        }
        assertEquals(0, violations.get(), "a unique did not follow time: " + firstViolation);

        long[] all = Arrays.stream(seen).flatMap(List::stream).mapToLong(Op::cas).sorted().toArray();
        for (int i = 1; i < all.length; i++) {
            assertTrue(all[i] != all[i - 1], "unique " + all[i] + " given twice");
        }
        for (int k = 0; k < KEYS; k++) {
            int key = k;
            Op last = Arrays.stream(seen).flatMap(List::stream).filter(o -> o.key() == key)
                    .max((a, b) -> Long.compare(a.cas(), b.cas())).orElseThrow();
            StoreEntry e = st.get("k" + k);
            assertEquals(last.cas(), e.cas(), "k" + k + " holds the write with the largest unique");
            if (last.value() >= 0) {
                assertEquals(last.value(), ByteBuffer.wrap(e.value()).getLong(), "k" + k + "'s value is that write's");
            }
        }
    }

    private static byte[] value(long id) {
        return ByteBuffer.allocate(8).putLong(id).array();
    }

    @SuppressWarnings("unchecked")
    private static List<Op>[] newLists(int n) {
        List<Op>[] lists = new List[n];
        for (int i = 0; i < n; i++) {
            lists[i] = new ArrayList<>();
        }
        return lists;
    }
}
