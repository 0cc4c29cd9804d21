package org.mlos.mem.store.log;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateFormats;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.ValueReader;

/**
 * The log store's own read ({@link LogStore#read}): what it hands the reader is what a get returns,
 * it counts as a get, it decides expiry and delayed flushes as a get does (the flush time it
 * follows itself, AbstractStore keeping it privately), and it allocates nothing.
 */
class LogStoreReadTest {

    static final long CAPACITY = 16L << 20;

    /** What one read handed over. */
    static final class Seen implements ValueReader {
        byte[] value;
        int flags;
        long cas;
        int calls;

        @Override
        public void read(byte[] bytes, int offset, int length, int flags, long cas) {
            this.value = Arrays.copyOfRange(bytes, offset, offset + length);
            this.flags = flags;
            this.cas = cas;
            calls++;
        }
    }

    static boolean readable(KeyValueStore st, String key) {
        return st.read(key, (b, o, l, f, c) -> { });
    }

    @Test
    void readHandsOverWhatAGetReturnsOnce() {
        LogStore st = new LogStore(CAPACITY);
        byte[] v = new byte[300];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (i * 7);
        }
        st.set("k", v, 42, 0);
        st.set("empty", new byte[0], 3, 0);
        for (String key : new String[] { "k", "empty" }) {
            Seen seen = new Seen();
            assertTrue(st.read(key, seen));
            StoreEntry e = st.get(key);
            assertEquals(1, seen.calls);
            assertArrayEquals(e.value(), seen.value);
            assertEquals(e.flags(), seen.flags);
            assertEquals(e.cas(), seen.cas);
        }
        Seen none = new Seen();
        assertFalse(st.read("absent", none));
        assertEquals(0, none.calls, "a miss does not call the reader");
    }

    @Test
    void readsCountAsGetsInTheStats() {
        LogStore st = new LogStore(CAPACITY);
        st.set("a", "1".getBytes(US_ASCII), 0, 0);
        long hits = st.stats().getHits();
        long misses = st.stats().getMisses();
        readable(st, "a");
        readable(st, "a");
        readable(st, "b");
        assertEquals(hits + 2, st.stats().getHits());
        assertEquals(misses + 1, st.stats().getMisses());
    }

    @Test
    void readAllocatesNothing() {
        LogStore st = new LogStore(CAPACITY);
        String[] keys = new String[1000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "key" + i;
            st.set(keys[i], new byte[100 + i % 200], i, 0);
        }
        ValueReader sink = (b, o, l, f, c) -> {
            if (l < 100) {
                throw new AssertionError("short value " + l);
            }
        };
        for (int round = 0; round < 200; round++) { // the read path compiled
            for (String k : keys) {
                st.read(k, sink);
            }
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        int reads = 0;
        for (int round = 0; round < 100; round++) {
            for (String k : keys) {
                assertTrue(st.read(k, sink));
                reads++;
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // a get allocates the value and an entry (over 150 bytes here); allow a few stray objects in all
        assertTrue(allocated < reads / 10, allocated + " bytes allocated by " + reads + " reads");
    }

    @Test
    void aValueLargerThanTheScratchKeptIsReadWhole() {
        LogStore st = new LogStore(64L << 20); // 4 MB segments
        byte[] v = new byte[(2 << 20) + 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (i % 251);
        }
        st.set("big", v, 1, 0);
        st.set("small", new byte[] { 1, 2, 3 }, 2, 0);
        Seen big = new Seen();
        assertTrue(st.read("big", big));
        assertArrayEquals(v, big.value);
        Seen small = new Seen();
        assertTrue(st.read("small", small));
        assertArrayEquals(new byte[] { 1, 2, 3 }, small.value);
    }

    @Test
    void readHonoursExpiryAndTouch() throws InterruptedException {
        LogStore st = new LogStore(CAPACITY);
        long soon = System.currentTimeMillis() + 150;
        st.set("goes", b("1"), 0, soon);
        st.set("stays", b("2"), 0, soon);
        assertTrue(readable(st, "goes"));
        assertTrue(st.touch("stays", KeyValueStore.NEVER));
        Thread.sleep(250);
        assertFalse(readable(st, "goes"), "expired");
        assertNull(st.get("goes"));
        assertTrue(readable(st, "stays"), "touched to never expire");
        assertNotNull(st.get("stays"));
    }

    @Test
    void readHonoursADelayedFlushAsGetDoes() throws InterruptedException {
        LogStore st = new LogStore(CAPACITY);
        st.set("a", b("1"), 0, 0);
        st.flushAll(0);
        assertFalse(readable(st, "a"));
        st.set("b", b("2"), 0, 0);
        st.flushAll(System.currentTimeMillis() + 200);
        assertTrue(readable(st, "b"), "a delayed flush leaves items until its time");
        Thread.sleep(300);
        assertFalse(readable(st, "b"));
        assertNull(st.get("b"));
        st.set("c", b("3"), 0, 0);
        assertTrue(readable(st, "c"), "items stored after the flush time stay");
    }

    /**
     * The flush time moves with a swap (a flush entry in the export): the importing store's read
     * hides what the flush hides; the exporting store, committed, forgets it, as AbstractStore does.
     */
    @Test
    void aDelayedFlushMovesWithTheStateAndReadFollowsIt() throws Exception {
        LogStore from = new LogStore(CAPACITY);
        from.set("old", b("1"), 0, 0);
        from.flushAll(System.currentTimeMillis() + 200);
        LogStore to = new LogStore(CAPACITY);
        to.flushAll(System.currentTimeMillis() + 60_000); // a flush of its own, which an import clears
        EntryExport export = (EntryExport) from.exportState(StateFormats.ENTRIES);
        EntryImport in = (EntryImport) to.importState(StateFormats.ENTRIES);
        export.forEach(e -> {
            try {
                in.put(e);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        in.commit();
        export.commit();
        assertTrue(readable(to, "old"), "before the flush time");
        Thread.sleep(300);
        assertFalse(readable(to, "old"), "the imported flush hides it");
        assertNull(to.get("old"));
        to.set("new", b("2"), 0, 0);
        assertTrue(readable(to, "new"));

        from.set("again", b("3"), 0, 0); // committed: its flush went with the state
        assertTrue(readable(from, "again"));
        assertNotNull(from.get("again"));
    }

    @Test
    void anAbortedImportClearsTheFlushItBrought() throws Exception {
        LogStore st = new LogStore(CAPACITY);
        EntryImport in = (EntryImport) st.importState(StateFormats.ENTRIES);
        in.put(new org.mlos.mem.api.FlushEntry(System.currentTimeMillis() + 100));
        in.abort();
        st.set("a", b("1"), 0, 0);
        Thread.sleep(200);
        assertTrue(readable(st, "a"), "the aborted import's flush is gone");
        assertNotNull(st.get("a"));
    }

    static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }
}
