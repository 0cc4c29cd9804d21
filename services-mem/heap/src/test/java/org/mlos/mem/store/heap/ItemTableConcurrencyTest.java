package org.mlos.mem.store.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The heap store's own index is read without a lock while one writer (the segment's lock holder)
 * adds, removes and grows it: a reader must never miss an item present throughout, nor find an
 * item under another key, even while growth relinks every chain.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ItemTableConcurrencyTest {

    /** A table and the items it holds throughout. */
    private record Generation(ItemTable table, List<HeapItem> items) {
    }

    private static HeapItem item(String key) {
        return new HeapItem(key, new byte[0], 0, 0, 1, 0, 0);
    }

    @Test
    void readersNeverMissAnItemPresentThroughoutWhileTheTableGrows() throws Exception {
        int tables = 300;
        int churn = 5_000; // grows a table from 16 slots to 8,192: ten relinks of every item
        List<String> stable = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            stable.add("stable:" + i);
        }
        AtomicReference<Generation> current = new AtomicReference<>();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger misses = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        Object lock = new Object();
        Thread writer = Thread.ofPlatform().start(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int t = 0; t < tables; t++) {
                ItemTable table = new ItemTable();
                List<HeapItem> items = new ArrayList<>();
                synchronized (lock) {
                    for (String k : stable) {
                        HeapItem it = item(new String(k)); // readers look up other instances: equals, not ==
                        table.add(it);
                        items.add(it);
                    }
                }
                current.set(new Generation(table, items));
                List<HeapItem> added = new ArrayList<>();
                for (int i = 0; i < churn; i++) {
                    synchronized (lock) {
                        HeapItem it = item("churn:" + t + ":" + i);
                        table.add(it);
                        added.add(it);
                        if (rnd.nextInt(4) == 0) {
                            table.remove(added.remove(rnd.nextInt(added.size())));
                        }
                    }
                }
            }
            done.set(1);
        });
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            readers.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (done.get() == 0 || lookups.get() < 100_000) {
                    Generation g = current.get();
                    if (g == null) {
                        continue;
                    }
                    ItemTable table = g.table();
                    int i = rnd.nextInt(stable.size());
                    HeapItem found = table.get(stable.get(i));
                    lookups.incrementAndGet();
                    if (found != g.items().get(i)) {
                        (found == null ? misses : wrong).incrementAndGet();
                    }
                    HeapItem other = table.get("churn:" + rnd.nextInt(tables) + ":" + rnd.nextInt(churn));
                    if (other != null && !other.key.startsWith("churn:")) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        writer.join();
        for (Thread t : readers) {
            t.join();
        }
        assertEquals(0, misses.get(), "lookups of items present throughout that found nothing");
        assertEquals(0, wrong.get(), "lookups that found another key's item");
    }

    @Test
    void removalKeepsTheRestOfTheChainAndCountsExactly() {
        ItemTable table = new ItemTable();
        List<HeapItem> items = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            HeapItem it = item("k" + i);
            table.add(it);
            items.add(it);
        }
        assertEquals(1_000, table.size());
        for (int i = 0; i < 1_000; i += 2) {
            assertEquals(true, table.remove(items.get(i)));
            assertEquals(false, table.remove(items.get(i)), "removed twice");
        }
        assertEquals(500, table.size());
        for (int i = 0; i < 1_000; i++) {
            if (i % 2 == 0) {
                assertNull(table.get("k" + i));
            } else {
                assertSame(items.get(i), table.get("k" + i));
            }
        }
        int[] walked = { 0 };
        table.forEach(it -> walked[0]++);
        assertEquals(500, walked[0]);
        table.clear();
        assertEquals(0, table.size());
        assertNull(table.get("k1"));
    }
}
