package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.store.heap.HeapStore;

/**
 * The store behind a durable store evicts to stay within its capacity; those evictions are
 * journaled as removals. Before, the journal never heard of them, and an evicted item came back
 * after a restart (replayed from its last write).
 */
class DurableStoreEvictionTest {

    /** A store opened on a folder another still holds stands for a restart after a kill -9 (the journal is locked). */
    private final KilledNodes nodes = new KilledNodes();

    private static final long CAPACITY = 1 << 20;

    @TempDir
    Path dir;

    private JournalSettings settings() {
        return new JournalSettings(dir, true, Durability.BATCH, 5, 1 << 20);
    }

    private static byte[] value(String tag, int bytes) {
        byte[] v = new byte[bytes];
        byte[] t = tag.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(t, 0, v, 0, t.length);
        return v;
    }

    private static String tag(StoreEntry e) {
        String s = new String(e.value(), StandardCharsets.ISO_8859_1);
        int end = s.indexOf('\0');
        return end < 0 ? s : s.substring(0, end);
    }

    /** A process that died (nothing closed), then a new store on the folder, told of the evictions its recovery makes. */
    private DurableStore restart(Set<String> evictedByRecovery) {
        return restart(CAPACITY, evictedByRecovery);
    }

    private DurableStore restart(long capacity, Set<String> evictedByRecovery) {
        DurableStore again = nodes.durable(new HeapStore(capacity), settings());
        assertTrue(again.onEviction(evictedByRecovery::add), "the heap store tells of its evictions");
        again.recover();
        return again;
    }

    @Test
    void aStoreFilledPastItsCapacityAndRestartedServesNoEvictedItemAndEveryKeptOneWithItsValue() throws Exception {
        DurableStore s = nodes.durable(new HeapStore(CAPACITY), settings());
        s.recover();
        Set<String> toldEvicted = ConcurrentHashMap.newKeySet();
        s.onEviction(toldEvicted::add);
        int keys = 12_000;
        for (int i = 0; i < keys; i++) {
            s.set("k" + i, value("v" + i, 300), 0, 0); // 3.6 MB into 1 MB
        }
        Map<String, String> before = new HashMap<>();
        for (int i = 0; i < keys; i++) {
            StoreEntry e = s.get("k" + i);
            if (e != null) {
                before.put("k" + i, tag(e));
            }
        }
        assertTrue(before.size() < keys / 2, "the store evicted: " + before.size() + " of " + keys + " kept");
        assertEquals(keys - before.size(), toldEvicted.size(), "every eviction journaled and told");

        // restarted with room for everything ever written: exactly what was kept comes back
        Set<String> none = ConcurrentHashMap.newKeySet();
        DurableStore larger = restart(16 * CAPACITY, none);
        assertEquals(Set.of(), none);
        for (int i = 0; i < keys; i++) {
            StoreEntry e = larger.get("k" + i);
            assertEquals(before.get("k" + i), e == null ? null : tag(e), "k" + i + " after a restart with more room");
        }

        // and with the same capacity, as a node restarts
        Set<String> evictedByRecovery = ConcurrentHashMap.newKeySet();
        DurableStore again = restart(evictedByRecovery);
        int lostToRecovery = 0;
        for (int i = 0; i < keys; i++) {
            String key = "k" + i;
            StoreEntry e = again.get(key);
            if (!before.containsKey(key)) {
                assertEquals(null, e, key + " was evicted before the restart and came back");
            } else if (e == null) {
                assertTrue(evictedByRecovery.contains(key), key + " was kept before the restart and is gone, not evicted");
                lostToRecovery++;
            } else {
                assertEquals(before.get(key), tag(e), key);
            }
        }
        // one writer: the journal's order is the store's, and the replay into a store of the same
        // capacity evicts what the first run evicted, nothing it kept
        assertEquals(0, lostToRecovery, "items kept before the restart and evicted by the recovery");
    }

    @Test
    void writersEvictionsCheckpointsAndARestartLoseNothingAcknowledgedAndNotEvicted() throws Exception {
        DurableStore s = nodes.durable(new HeapStore(CAPACITY), settings());
        s.recover();
        int writers = 8;
        int keysEach = 800;
        int writesEach = 3_000;
        // each writer owns its keys, so a key's last acknowledged value is well defined
        List<Map<String, String>> acknowledged = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Map<String, String> mine = new HashMap<>();
            acknowledged.add(mine);
            int id = w;
            threads.add(new Thread(() -> {
                Random random = new Random(id);
                try {
                    start.await();
                    for (int i = 0; i < writesEach; i++) {
                        String key = "w" + id + "-" + random.nextInt(keysEach);
                        String tag = key + "@" + i;
                        if (i % 13 == 0) {
                            s.delete(key);
                            mine.remove(key);
                        } else {
                            s.set(key, value(tag, 150 + random.nextInt(400)), 0, 0);
                            mine.put(key, tag);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread checkpoints = new Thread(() -> {
            try {
                while (writing.get()) {
                    s.checkpoint();
                    Thread.sleep(15);
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        threads.forEach(Thread::start);
        checkpoints.start();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        writing.set(false);
        checkpoints.join();
        assertEquals(List.of(), failures);
        assertTrue(s.stats().evictions() > 1_000, "evictions " + s.stats().evictions());
        Map<String, String> before = new HashMap<>();
        for (Map<String, String> mine : acknowledged) {
            for (String key : mine.keySet()) {
                StoreEntry e = s.get(key);
                if (e != null) {
                    before.put(key, tag(e));
                }
            }
        }

        Set<String> evictedByRecovery = ConcurrentHashMap.newKeySet();
        DurableStore again = restart(evictedByRecovery);
        int kept = 0;
        for (Map<String, String> mine : acknowledged) {
            for (Map.Entry<String, String> w : mine.entrySet()) {
                String key = w.getKey();
                StoreEntry e = again.get(key);
                if (e != null) {
                    kept++;
                    assertEquals(w.getValue(), tag(e), key + ": the last acknowledged write, not an older or evicted one");
                    assertTrue(before.containsKey(key), key + " was evicted before the restart and came back");
                } else {
                    assertFalse(before.containsKey(key) && !evictedByRecovery.contains(key),
                            key + " was acknowledged, not evicted, and is lost");
                }
            }
        }
        assertTrue(kept > 500, "kept " + kept);
    }

    /**
     * {@code cache_memlimit} on a durable node: the durable store resizes the store behind, and
     * what the shrink evicts is journaled, so that a restart with room for everything brings back
     * exactly what the shrink kept.
     */
    @Test
    void shrinkingTheStoreBehindJournalsWhatItEvicts() throws Exception {
        DurableStore s = nodes.durable(new HeapStore(4 * CAPACITY), settings());
        s.recover();
        Set<String> toldEvicted = ConcurrentHashMap.newKeySet();
        s.onEviction(toldEvicted::add);
        int keys = 8_000;
        for (int i = 0; i < keys; i++) {
            s.set("k" + i, value("v" + i, 300), 0, 0); // 2.4 MB into 4 MB: nothing evicted yet
        }
        assertEquals(Set.of(), toldEvicted);
        s.resize(CAPACITY);
        assertEquals(CAPACITY, s.capacityBytes());
        assertFalse(toldEvicted.isEmpty(), "the shrink evicted");
        assertTrue(s.stats().bytes() <= CAPACITY, "bytes " + s.stats().bytes());
        Map<String, String> kept = new HashMap<>();
        for (int i = 0; i < keys; i++) {
            StoreEntry e = s.get("k" + i);
            if (e != null) {
                kept.put("k" + i, tag(e));
            } else {
                assertTrue(toldEvicted.contains("k" + i), "k" + i + " is gone but not told evicted");
            }
        }
        Set<String> none = ConcurrentHashMap.newKeySet();
        DurableStore larger = restart(16 * CAPACITY, none);
        for (int i = 0; i < keys; i++) {
            StoreEntry e = larger.get("k" + i);
            assertEquals(kept.get("k" + i), e == null ? null : tag(e), "k" + i + " after a restart with more room");
        }
    }
}
