package org.mlos.net.memcached.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.net.memcached.Limits;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.ServerStats;
import org.mlos.net.memcached.meta.ItemMarks.Mark;

class ItemMarksTest {

    private static ItemMarks marks() {
        return new ItemMarks(new Operations(new HeapStore(1 << 20), new Limits(Limits.DEFAULT_ITEM_MAX), new ServerStats(), "test"));
    }

    /**
     * With more keys than the marks map held, every {@code mg} re-inserted its key's fetched mark
     * and most items reported {@code h0} after a fetch: ~18% of a meta node's time, and wrong answers.
     */
    @Test
    void fetchedMarksOfMoreKeysThanTheMapBoundAreMostlyKept() {
        ItemMarks marks = marks();
        int keys = 100_000; // above ItemMarks.CAPACITY (65,536)
        for (int k = 0; k < keys; k++) {
            marks.put("meta:" + k, new Mark(1_000 + k, false, false, true, false));
        }
        int kept = 0;
        for (int k = 0; k < keys; k++) {
            Mark m = marks.of("meta:" + k, 1_000 + k);
            if (m != null && m.fetched()) {
                kept++;
            }
        }
        // the lossy table keeps ~83% of 100k marks in 2^18 slots; the bounded map kept at most 65,536
        assertTrue(kept > keys * 3 / 4, "fetched marks kept: " + kept + " of " + keys);
        assertEquals(0, marks.size(), "fetched-only marks take no map entry");
    }

    @Test
    void aFetchedMarkBelongsToItsItemOnly() {
        ItemMarks marks = marks();
        marks.put("k", new Mark(7, false, false, true, false));
        assertTrue(marks.of("k", 7).fetched());
        assertNull(marks.of("k", 8), "a later item under the key (a new CAS) was never fetched");
        assertNull(marks.of("other", 7));
    }

    @Test
    void rareMarksAreKeptBesideTheFetchedOne() {
        ItemMarks marks = marks();
        marks.put("k", new Mark(3, true, true, true, true));
        Mark m = marks.of("k", 3);
        assertNotNull(m);
        assertTrue(m.stale() && m.tokenSent() && m.fetched() && m.binary());
        Mark raw = marks.raw("k");
        assertTrue(raw.stale() && raw.binary());
        assertEquals(1, marks.size());

        marks.put("k", new Mark(4, false, false, false, false)); // a write: a new item, nothing marked
        assertNull(marks.of("k", 4));
        assertNull(marks.raw("k"));
        assertEquals(0, marks.size());
    }

    @Test
    void aMarkPutWithoutFetchedClearsIt() {
        ItemMarks marks = marks();
        marks.put("k", new Mark(5, false, false, true, false));
        marks.put("k", new Mark(5, true, false, false, false));
        Mark m = marks.of("k", 5);
        assertTrue(m.stale());
        assertFalse(m.fetched());
    }

    @Test
    void nothingIsInUseBeforeTheFirstMark() {
        ItemMarks marks = marks();
        assertFalse(marks.inUse());
        assertNull(marks.of("k", 1));
        marks.put("k", new Mark(1, false, false, true, false));
        assertTrue(marks.inUse());
    }
}
