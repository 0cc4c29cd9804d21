package org.mlos.mem.store.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.StoreEntry;

/**
 * Every set of a present key appended a new record and left the old one behind as garbage, so a
 * store whose keys are overwritten (the bench's 50/50 mix) spent its sets on reserving room in the
 * head, counting records out of segments and compacting them (99 compactions every 3 M sets of
 * 100,000 keys). Now a set whose record is the size of the key's record now, in the head or the
 * newer half of the sealed segments, rewrites that record in place; other sets append as before.
 */
class OverwritesOfOneSizeFilledTheLogWithGarbageTest {

    private static byte[] filled(int length, int b) {
        byte[] v = new byte[length];
        Arrays.fill(v, (byte) b);
        return v;
    }

    @Test
    void aSetOfTheSameRecordSizeRewritesTheRecordWhereItIs() {
        LogStore st = new LogStore(32L << 20);
        long first = st.set("k", filled(100, 1), 1, 0);
        LogItem it = st.itemOf("k");
        LogSegment segment = it.segment;
        int offset = it.offset;
        long records = st.recordBytes();

        long second = st.set("k", filled(97, 2), 7, 0); // 97 and 100 bytes pad to one record size
        assertSame(it, st.itemOf("k"));
        assertSame(segment, it.segment, "rewritten in its segment");
        assertEquals(offset, it.offset, "rewritten at its offset");
        assertEquals(records, st.recordBytes(), "nothing appended");
        StoreEntry e = st.get("k");
        assertNotNull(e);
        assertArrayEquals(filled(97, 2), e.value());
        assertEquals(7, e.flags());
        assertEquals(second, e.cas());
        assertTrue(second > first, "a new CAS unique");
        assertEquals(LogRecord.size(97) + LogItem.heapBytes("k"), st.stats().bytes(), "one item counted once");
    }

    @Test
    void aSetOfAnotherRecordSizeAppends() {
        LogStore st = new LogStore(32L << 20);
        st.set("k", filled(100, 1), 0, 0);
        int offset = st.itemOf("k").offset;
        long records = st.recordBytes();

        st.set("k", filled(200, 2), 0, 0);
        assertNotEquals(offset, st.itemOf("k").offset);
        assertEquals(records + LogRecord.size(200), st.recordBytes());
        assertArrayEquals(filled(200, 2), st.get("k").value());
        assertEquals(LogRecord.size(200) + LogItem.heapBytes("k"), st.stats().bytes(), "the old record counted out");
    }

    @Test
    void anItemOlderThanTheMutableRegionIsAppendedToTheHead() {
        LogStore st = new LogStore(16L << 20); // segments of 1 MB
        st.set("k0", filled(1_000, 3), 0, 0);
        int keys = 0;
        do {
            st.set("k" + ++keys, filled(1_000, 3), 0, 0);
        } while (st.itemOf("k" + keys).segment.epoch < st.itemOf("k0").segment.epoch + 6); // six rolls past k0's segment
        LogItem old = st.itemOf("k0");
        LogSegment oldSegment = old.segment;
        LogItem newest = st.itemOf("k" + keys);
        LogSegment head = newest.segment;
        int newestOffset = newest.offset;

        st.set("k0", filled(1_000, 4), 0, 0);
        assertNotEquals(oldSegment, st.itemOf("k0").segment, "k0 left its old segment for the head");
        assertSame(head, st.itemOf("k0").segment);
        st.set("k" + keys, filled(1_000, 4), 0, 0);
        assertSame(head, st.itemOf("k" + keys).segment, "an item in the head is rewritten where it is");
        assertEquals(newestOffset, st.itemOf("k" + keys).offset);
        assertArrayEquals(filled(1_000, 4), st.get("k0").value());
        assertArrayEquals(filled(1_000, 4), st.get("k" + keys).value());
    }

    @Test
    void aValueOverTheRewriteLimitIsAppended() {
        LogStore st = new LogStore(64L << 20);
        int large = LogSpace.REWRITE_MAX + 8;
        st.set("k", filled(large, 1), 0, 0);
        int offset = st.itemOf("k").offset;
        st.set("k", filled(large, 2), 0, 0); // readers would wait out a copy this long under the claim
        assertNotEquals(offset, st.itemOf("k").offset);
        assertArrayEquals(filled(large, 2), st.get("k").value());
        st.set("small", filled(100, 1), 0, 0);
        offset = st.itemOf("small").offset;
        st.set("small", filled(100, 2), 0, 0);
        assertEquals(offset, st.itemOf("small").offset);
    }

    /** A shrink evicts the oldest segments: what is left has a newer half of its own, the only place rewritten in place. */
    @Test
    void aShrinkNarrowsTheMutableRegionToTheNewerHalfOfWhatIsLeft() {
        LogStore st = new LogStore(64L << 20); // 4 MB segments
        int keys = 0;
        do {
            st.set("k" + keys++, filled(1_000, 1), 0, 0);
        } while (st.itemOf("k" + (keys - 1)).segment.epoch < 10); // ten rolls: nine sealed, the newer half mutable
        // mutable before the shrink: the head (epoch 10) and the newer half of nine sealed, epochs 6 to 9
        st.resize(6 * (LogStore.MAX_SEGMENT + LogRecord.size(0))); // the oldest given back: two or three sealed left
        LogSegment head = st.itemOf("k" + (keys - 1)).segment;
        String sealed = null;
        for (int i = 0; i < keys && sealed == null; i++) {
            if (st.itemOf("k" + i) != null) {
                sealed = "k" + i; // the oldest key left: in the oldest sealed segment left
            }
        }
        assertNotNull(sealed);
        LogSegment was = st.itemOf(sealed).segment;
        assertTrue(was != head && was.epoch >= 6, "in the mutable region before the shrink: epoch " + was.epoch);
        st.set(sealed, filled(1_000, 2), 0, 0);
        assertSame(head, st.itemOf(sealed).segment, "appended to the head: the older half of what is left is not rewritten in place");
        assertArrayEquals(filled(1_000, 2), st.get(sealed).value());
    }

    @Test
    void overwritingKeysWithValuesOfOneSizeCompactsNothing() {
        LogStore st = new LogStore((3L << 20) + 4096); // three 1 MB segments
        int keys = 1_000; // 128 KB of records: all in the first head
        for (int i = 0; i < keys; i++) {
            st.set("k" + i, filled(100, 0), 0, 0);
        }
        long records = st.recordBytes();
        for (int round = 1; round <= 100; round++) { // 100,000 sets: 12.8 MB appended, were they appended
            for (int i = 0; i < keys; i++) {
                st.set("k" + i, filled(100, round), round, 0);
            }
        }
        assertEquals(0, st.compactions(), "no garbage to compact");
        assertEquals(0, st.stats().evictions());
        assertEquals(records, st.recordBytes(), "nothing appended");
        for (int i = 0; i < keys; i++) {
            StoreEntry e = st.get("k" + i);
            assertArrayEquals(filled(100, 100), e.value(), "k" + i);
            assertEquals(100, e.flags());
        }
    }
}
