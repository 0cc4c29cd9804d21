package org.mlos.mem.store.slab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The index's tables are off-heap and freed as soon as they are outgrown (on the heap they were
 * garbage that stayed resident). Pinned here: a lock-free reader still probing a freed table
 * finds its key in the new one, never an error nor a miss; a walk keeps the tables it may read
 * until it ends, so it lists every key present before it began; and the kept tables are freed
 * when the walks end. Bounded by counts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlabIndexFreesOutgrownTablesTest {

    private static final int PRESENT = 20_000;
    private static final int ADDED = 300_000;

    private final String[] names = new String[PRESENT + ADDED];
    /** When set, the confirmation of a key calls it first (once): a reader stopped inside its probe. */
    private volatile Runnable inProbe;
    private final SlabIndex index = new SlabIndex((ref, key) -> {
        Runnable hook = inProbe;
        if (hook != null && names[ref].equals(key)) {
            inProbe = null;
            hook.run();
            return false; // as a key of the same hash would: the probe reads on, in the freed table
        }
        return names[ref].equals(key);
    });

    SlabIndexFreesOutgrownTablesTest() {
        for (int i = 0; i < names.length; i++) {
            names[i] = "key:" + i;
        }
        for (int ref = 0; ref < PRESENT; ref++) {
            index.add(Keys.hash(names[ref]), ref);
        }
    }

    @Test
    void aReaderStoppedInsideATableThatIsOutgrownAndFreedFindsItsKeyInTheNewTable() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch grown = new java.util.concurrent.CountDownLatch(1);
        inProbe = () -> {
            inside.countDown();
            try {
                grown.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        String key = names[7];
        int[] found = { -2 };
        Throwable[] failed = new Throwable[1];
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                found[0] = index.get(key, Keys.hash(key));
            } catch (Throwable e) {
                failed[0] = e;
            }
        });
        inside.await();
        long before = index.bytes();
        for (int ref = PRESENT; ref < PRESENT + ADDED; ref++) {
            index.add(Keys.hash(names[ref]), ref); // every table doubles, the reader's freed
        }
        assertTrue(index.bytes() > 4 * before, "the tables grew");
        grown.countDown();
        reader.join();
        assertEquals(null, failed[0], "the reader met its freed table and probed the new one");
        assertEquals(7, found[0]);
    }

    @Test
    void readersProbingTablesThatAreOutgrownAndFreedFindEveryPresentKey() throws Exception {
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        List<Thread> all = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int from = PRESENT + w * (ADDED / 2);
            all.add(Thread.ofPlatform().start(() -> {
                for (int ref = from; ref < from + ADDED / 2; ref++) {
                    index.add(Keys.hash(names[ref]), ref); // every table doubles several times
                }
            }));
        }
        for (int r = 0; r < 4; r++) {
            int seed = r;
            all.add(Thread.ofPlatform().start(() -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                for (int i = 0; i < 400_000; i++) {
                    int ref = rnd.nextInt(PRESENT);
                    try {
                        int found = index.get(names[ref], Keys.hash(names[ref]));
                        if (found != ref) {
                            bad.add(names[ref] + " found at " + found);
                        }
                    } catch (RuntimeException e) {
                        bad.add(names[ref] + ": " + e);
                    }
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        assertTrue(bad.isEmpty(), () -> bad.size() + " reads missed a present key or failed, first: " + bad.peek());
        assertEquals(PRESENT + ADDED, index.size());
        assertEquals(0, index.retiredTables(), "no walk ran: every outgrown table was freed at once");
    }

    /**
     * Walks that overlap one another and the growth: a walk that ended freed the tables kept for
     * the walks, and could free one a walk started meanwhile was still reading.
     */
    @Test
    void overlappingWalksWhileTablesGrowListEveryKeyPresentBeforeThemAndTheKeptTablesAreFreedAfter() throws Exception {
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int ref = PRESENT; ref < PRESENT + ADDED; ref++) {
                index.add(Keys.hash(names[ref]), ref);
            }
        });
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger overlapped = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> walkers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            walkers.add(Thread.ofPlatform().start(() -> {
                for (int walk = 0; walk < 2_000 && (walk < 3 || writer.isAlive()); walk++) {
                    BitSet listed = new BitSet();
                    try {
                        index.forEach(ref -> {
                            listed.set(ref);
                            return true;
                        });
                    } catch (RuntimeException e) {
                        bad.add("walk " + walk + ": " + e);
                        return;
                    }
                    int missing = PRESENT - listed.get(0, PRESENT).cardinality();
                    if (missing > 0) {
                        bad.add("walk " + walk + " missed " + missing + " keys present before it began");
                    }
                    if (listed.cardinality() < PRESENT + ADDED) {
                        overlapped.incrementAndGet(); // it ran while the writer grew the tables
                    }
                }
            }));
        }
        writer.join();
        for (Thread t : walkers) {
            t.join();
        }
        assertTrue(bad.isEmpty(), () -> bad.size() + " walks failed, first: " + bad.peek());
        assertTrue(overlapped.get() > 0, "the walks overlapped the growth");
        assertEquals(0, index.retiredTables(), "the tables kept for the walks are freed once they end");
    }

    @Test
    void aClosedIndexFindsNothingAndTakesKeysAgain() {
        index.close();
        assertEquals(-1, index.get(names[0], Keys.hash(names[0])));
        assertEquals(0, index.size());
        index.add(Keys.hash(names[1]), 1);
        assertEquals(1, index.get(names[1], Keys.hash(names[1])));
    }
}
