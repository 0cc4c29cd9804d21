package org.mlos.mem.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LogIndex}: readers take no lock while writers insert, remove and grow the tables (which
 * relinks chains under readers' feet). A key that stays indexed is found by every lookup, as the
 * item put; what writers put and take out is exactly what is left; racing replacements of the
 * same keys hand each replaced item back once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogIndexConcurrencyTest {

    static final int STAYING = 2_000;
    static final int WRITERS = 4;
    static final int READERS = 3;
    static final int KEYS_PER_WRITER = 60_000;

    static LogItem item(String key) {
        return new LogItem(key, null, 0, 0, 0);
    }

    @Test
    void aKeyThatStaysIsFoundByEveryLookupWhileTablesGrowAndOtherKeysComeAndGo() throws Exception {
        LogIndex index = new LogIndex();
        LogItem[] staying = new LogItem[STAYING];
        for (int i = 0; i < STAYING; i++) {
            staying[i] = item("stay:" + i);
            assertNull(index.put(staying[i]));
        }
        // lookups through key strings equal to, not the same as, the indexed ones, as a server's are
        String[] lookups = new String[STAYING];
        for (int i = 0; i < STAYING; i++) {
            lookups[i] = new String("stay:" + i);
        }
        AtomicInteger writersLeft = new AtomicInteger(WRITERS);
        AtomicLong misses = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<List<LogItem>> kept = Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    List<LogItem> mine = new ArrayList<>();
                    for (int i = 0; i < KEYS_PER_WRITER; i++) {
                        LogItem it = item("w" + writer + ":" + i);
                        if (index.put(it) != null) {
                            throw new AssertionError("a fresh key replaced an item: " + it.key);
                        }
                        if (i % 2 == 1) { // every other key goes again: chains lose links while they grow
                            LogItem gone = mine.removeLast();
                            if (!index.remove(gone)) {
                                throw new AssertionError("could not take out " + gone.key);
                            }
                        }
                        mine.add(it);
                    }
                    kept.add(mine);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    writersLeft.decrementAndGet();
                }
            }));
        }
        for (int r = 0; r < READERS; r++) {
            int reader = r;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    int i = reader;
                    // bounded by the writers' counts: reads until they are done, then one more pass
                    for (int pass = 0; pass < 2; pass += writersLeft.get() == 0 ? 1 : 0) {
                        for (int k = 0; k < 64; k++, i = (i + 7) % STAYING) {
                            LogItem found = index.get(lookups[i]);
                            if (found == null) {
                                misses.incrementAndGet();
                            } else if (found != staying[i]) {
                                wrong.incrementAndGet();
                            }
                            reads.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        System.out.println("LOG_INDEX reads=" + reads.get() + " misses=" + misses.get() + " wrong=" + wrong.get());
        assertEquals(0, misses.get(), "lookups of a key indexed throughout that found nothing");
        assertEquals(0, wrong.get(), "lookups that found another item than the key's");
        Set<LogItem> expected = Collections.newSetFromMap(new IdentityHashMap<>());
        Collections.addAll(expected, staying);
        kept.forEach(expected::addAll);
        assertEquals(STAYING + WRITERS * KEYS_PER_WRITER / 2, expected.size());
        Set<LogItem> walked = Collections.newSetFromMap(new IdentityHashMap<>());
        index.forEach(it -> assertTrue(walked.add(it), "walked twice: " + it.key));
        assertEquals(expected, walked, "what is indexed after the writers is what they left");
        assertEquals(expected.size(), index.size());
        for (LogItem it : expected) {
            assertSame(it, index.get(new String(it.key)));
        }
        for (int w = 0; w < WRITERS; w++) {
            for (int i = 0; i < KEYS_PER_WRITER; i += 2) { // the even ones were taken out again
                if (i + 1 < KEYS_PER_WRITER) {
                    assertNull(index.get("w" + w + ":" + i), "w" + w + ":" + i + " was taken out");
                }
            }
        }
    }

    @Test
    void racingReplacementsOfTheSameKeysHandEachReplacedItemBackOnce() throws Exception {
        int keys = 500;
        int puts = 40_000;
        LogIndex index = new LogIndex();
        List<Set<LogItem>> replaced = new ArrayList<>();
        List<Set<LogItem>> put = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int w = 0; w < WRITERS; w++) {
            Set<LogItem> mineReplaced = Collections.newSetFromMap(new IdentityHashMap<>());
            Set<LogItem> minePut = Collections.newSetFromMap(new IdentityHashMap<>());
            replaced.add(mineReplaced);
            put.add(minePut);
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < puts; i++) {
                        LogItem it = item("k" + ((i * 31 + writer * 17) % keys));
                        minePut.add(it);
                        LogItem old = index.put(it);
                        if (old != null && !mineReplaced.add(old)) {
                            throw new AssertionError("replaced twice: " + old.key);
                        }
                        if (old != null && !old.key.equals(it.key)) {
                            throw new AssertionError("put of " + it.key + " replaced " + old.key);
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        Set<LogItem> allReplaced = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Set<LogItem> s : replaced) {
            for (LogItem it : s) {
                assertTrue(allReplaced.add(it), "handed back to two writers: " + it.key);
            }
        }
        Set<LogItem> left = Collections.newSetFromMap(new IdentityHashMap<>());
        index.forEach(left::add);
        assertEquals(keys, left.size());
        assertEquals(keys, index.size());
        int total = 0;
        for (Set<LogItem> s : put) {
            total += s.size();
            for (LogItem it : s) {
                assertTrue(allReplaced.contains(it) ^ left.contains(it),
                        "every item put is either replaced once or still indexed: " + it.key);
            }
        }
        assertEquals(total, allReplaced.size() + left.size());
    }

    @Test
    void removingAnItemTakesOutOnlyThatItemOfItsKey() {
        LogIndex index = new LogIndex();
        LogItem first = item("a");
        LogItem second = item("a");
        index.put(first);
        assertSame(first, index.put(second));
        assertFalse(index.remove(first), "first was replaced already");
        assertSame(second, index.get("a"));
        assertTrue(index.remove(second));
        assertNull(index.get("a"));
        assertNull(index.remove("a"));
        assertEquals(0, index.size());
    }
}
