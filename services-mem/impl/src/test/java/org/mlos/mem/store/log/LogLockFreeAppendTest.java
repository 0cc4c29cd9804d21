package org.mlos.mem.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlos.mem.store.log.LogStoreConcurrentReadTest.check;
import static org.mlos.mem.store.log.LogStoreConcurrentReadTest.name;
import static org.mlos.mem.store.log.LogStoreConcurrentReadTest.value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;

/**
 * Appends without a lock: more writers than cores reserve room in the same head side by side
 * while a small log rolls, compacts and evicts under them, deletes and touches claim items that
 * compaction moves, and flushes walk the index without a store-wide lock. Readers never see a torn
 * or foreign value; no CAS unique is handed out twice; afterwards every key holds what its writer
 * last stored unless an eviction was told, or a flush ended, after that; and the store's count of
 * bytes is exactly that of the items it holds (no count lost between segments racing).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogLockFreeAppendTest {

    static final int WRITERS = 6;
    static final int READERS = 2;
    static final int KEYS_PER_WRITER = 800;
    static final int OPS_PER_WRITER = 40_000;
    static final int FLUSHES = 12;
    static final int MAX_VALUE = 1_500;

    @Test
    void appendsRacingRollsCompactionEvictionAndFlushesLoseNothingUntoldAndRepeatNoUnique() throws Exception {
        LogStore st = new LogStore((4L << 20) + 4096); // four 1 MB segments: a roll every few hundred sets
        Map<String, Long> toldEvicted = new ConcurrentHashMap<>();
        AtomicLong ticket = new AtomicLong();
        st.onEviction(key -> toldEvicted.merge(key, ticket.incrementAndGet(), Math::max));
        int keys = WRITERS * KEYS_PER_WRITER;
        int[] lastVersion = new int[keys];
        long[] lastTicket = new long[keys];
        long[] lastUnique = new long[keys];
        long[][] uniques = new long[WRITERS][];
        AtomicInteger writersLeft = new AtomicInteger(WRITERS);
        AtomicLong flushEnded = new AtomicLong(); // ticket after the latest flush ended
        AtomicReference<String> wrong = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    int[] versions = new int[KEYS_PER_WRITER];
                    long[] mine = new long[OPS_PER_WRITER];
                    int sets = 0;
                    for (int i = 0; i < OPS_PER_WRITER; i++) {
                        int slot = rnd.nextInt(KEYS_PER_WRITER);
                        int key = slot * WRITERS + writer;
                        int op = rnd.nextInt(100);
                        if (op < 4) {
                            st.delete(name(key));
                            lastVersion[key] = 0;
                        } else if (op < 8) {
                            st.touch(name(key), KeyValueStore.NEVER); // claims the item compaction may be moving
                        } else {
                            int version = ++versions[slot];
                            lastTicket[key] = ticket.incrementAndGet();
                            long unique = st.set(name(key), value(key, version, MAX_VALUE), version, 0);
                            mine[sets++] = unique;
                            lastVersion[key] = version;
                            lastUnique[key] = unique;
                        }
                    }
                    uniques[writer] = Arrays.copyOf(mine, sets);
                } catch (Throwable t) {
                    wrong.compareAndSet(null, "writer: " + t);
                } finally {
                    writersLeft.decrementAndGet();
                }
            }));
        }
        threads.add(Thread.ofPlatform().start(() -> {
            try {
                start.await();
                for (int f = 0; f < FLUSHES && writersLeft.get() > 0; f++) {
                    Thread.sleep(20); // spaced out, so the log fills between flushes; the count bounds it
                    st.flushAll(0);
                    flushEnded.set(ticket.incrementAndGet());
                }
            } catch (Throwable t) {
                wrong.compareAndSet(null, "flusher: " + t);
            }
        }));
        for (int r = 0; r < READERS; r++) {
            boolean useGet = r % 2 == 1;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int[] current = new int[1];
                while (writersLeft.get() > 0 && wrong.get() == null) { // bounded by the writers' counts
                    int key = rnd.nextInt(keys);
                    current[0] = key;
                    if (useGet) {
                        StoreEntry e = st.get(name(key));
                        String problem = e == null ? null : check(key, e.value(), 0, e.value().length, e.flags());
                        if (problem != null) {
                            wrong.compareAndSet(null, "get: " + problem);
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
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertNull(wrong.get());
        assertTrue(st.stats().evictions() > 0, "the log must have evicted");

        long[] all = Arrays.stream(uniques).flatMapToLong(Arrays::stream).sorted().toArray();
        for (int i = 1; i < all.length; i++) {
            assertTrue(all[i] != all[i - 1], "CAS unique " + all[i] + " handed out twice");
        }
        int kept = 0;
        long bytes = 0;
        for (int key = 0; key < keys; key++) {
            int version = lastVersion[key];
            StoreEntry e = st.get(name(key));
            if (version == 0) {
                assertNull(e, "key " + key + " was deleted last");
                continue;
            }
            if (e == null) {
                Long told = toldEvicted.get(name(key));
                assertTrue(told != null && told > lastTicket[key] || flushEnded.get() > lastTicket[key],
                        "key " + key + " version " + version + " is gone, and neither an eviction told nor a flush ended after it was stored");
                continue;
            }
            kept++;
            assertEquals(version, e.flags(), "key " + key);
            assertNull(check(key, e.value(), 0, e.value().length, e.flags()));
            assertEquals(lastUnique[key], e.cas(), "key " + key + ": the unique its last set returned");
            bytes += LogRecord.size(e.value().length) + LogItem.heapBytes(name(key));
        }
        assertTrue(kept > 0, "some keys kept");
        assertEquals(kept, st.size());
        assertEquals(bytes, st.stats().bytes(), "bytes counted are the items held, exactly");
        assertTrue(st.heldBytes() <= st.capacityBytes(), "held " + st.heldBytes() + " within " + st.capacityBytes());
        st.flushAll(0);
        assertEquals(0, st.stats().bytes(), "nothing counted once flushed");
        assertEquals(0, st.size());
        System.out.printf("LOG_LOCK_FREE sets=%d reads=%d evictions=%d compactions=%d kept=%d%n", all.length,
                reads.get(), st.stats().evictions(), st.compactions(), kept);
    }
}
