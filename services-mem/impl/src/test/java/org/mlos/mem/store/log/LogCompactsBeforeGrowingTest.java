package org.mlos.mem.store.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.KeyValueStore;

/**
 * Keys overwritten over and over with values of changing sizes (a set of the key's record size
 * rewrites it in place: {@link OverwritesOfOneSizeFilledTheLogWithGarbageTest}) leave sealed
 * segments that are mostly garbage: the log compacts
 * those before it reserves new segments, so it stays a few segments big instead of spreading a
 * few live items over the whole budget (every segment fresh memory to fault in and zero, every
 * read a miss in another page). Nothing live is lost to it.
 */
class LogCompactsBeforeGrowingTest {

    static final int KEYS = 2_000;
    static final int SETS = 600_000; // 96 MB of 128- and 192-byte records appended: more than the budget

    @Test
    void aLogOfOverwrittenKeysCompactsBeforeReservingTheWholeBudget() {
        LogStore st = new LogStore(64L << 20); // 4 MB segments, up to 15
        long segment = LogStore.MAX_SEGMENT + LogRecord.size(0);
        int[] versions = new int[KEYS];
        for (int i = 0; i < SETS; i++) {
            int key = (int) ((i * 7919L) % KEYS);
            st.set("k" + key, value(key, ++versions[key]), 0, KeyValueStore.NEVER);
        }
        assertTrue(st.compactions() > 0, "compacted");
        assertEquals(0, st.stats().evictions(), "a few hundred kilobytes live: nothing evicted");
        assertTrue(st.reservedBytes() <= 5 * segment, "reserved " + st.reservedBytes() + " bytes ("
                + st.reservedBytes() / segment + " segments) for " + KEYS + " live items of 128 or 192 bytes");
        for (int key = 0; key < KEYS; key++) {
            assertArrayEquals(value(key, versions[key]), st.get("k" + key).value(), "key " + key);
        }
    }

    /** 100 or 164 bytes, by turns: each set of a key changes its record's size. */
    static byte[] value(int key, int version) {
        return ByteBuffer.allocate(100 + version % 2 * 64).putInt(key).putInt(version).array();
    }
}
