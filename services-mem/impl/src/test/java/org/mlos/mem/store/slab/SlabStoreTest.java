package org.mlos.mem.store.slab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;

/** What the slab store's layout (items whole in their chunks, an index of longs) must keep. */
class SlabStoreTest {

    @Test
    void keysWithCharsAboveLatin1ComeBackAsTheyWentIn() {
        SlabStore st = new SlabStore(4L << 20);
        String wide = "ключ-\u20ac-\ud83d\ude00";
        String latin = "cl\u00e9";
        st.set(wide, new byte[] { 1, 2, 3 }, 7, 0);
        st.set(latin, new byte[] { 4 }, 8, 0);
        assertArrayEquals(new byte[] { 1, 2, 3 }, st.get(wide).value());
        assertEquals(7, st.get(wide).flags());
        assertArrayEquals(new byte[] { 4 }, st.get(latin).value());
        assertNull(st.get("ключ-\u20ac-\ud83d\ude01"), "a wide key differing in its last char is another key");
        List<String> keys = new ArrayList<>();
        st.forEachItem(e -> keys.add(e.key()));
        assertTrue(keys.contains(wide) && keys.contains(latin), keys.toString());
        assertTrue(st.delete(wide));
        assertNull(st.get(wide));
    }

    /** The read path hands a scratch array with an offset: the reader must be given exactly the value. */
    @Test
    void aReaderIsHandedTheValueItsFlagsAndCasAndOnlyOnce() {
        SlabStore st = new SlabStore(4L << 20);
        long cas = st.set("k", new byte[] { 9, 8, 7 }, 42, 0);
        AtomicInteger calls = new AtomicInteger();
        assertTrue(st.read("k", (bytes, offset, length, flags, c) -> {
            calls.incrementAndGet();
            assertEquals(3, length);
            assertEquals(9, bytes[offset]);
            assertEquals(7, bytes[offset + 2]);
            assertEquals(42, flags);
            assertEquals(cas, c);
        }));
        assertEquals(1, calls.get());
        assertFalse(st.read("missing", (b, o, l, f, c) -> calls.incrementAndGet()));
        assertEquals(1, calls.get(), "a miss calls no reader");
        assertEquals(1, st.stats().getHits());
        assertEquals(1, st.stats().getMisses());
    }

    @Test
    void aValueOfAMegabyteFitsAndOneByteMoreThanAPageIsRefusedSayingWhy() {
        SlabStore st = new SlabStore(4L << 20);
        st.set("mb", new byte[1 << 20], 0, 0);
        assertEquals(1 << 20, st.get("mb").value().length);
        StoreFullException e = assertThrows(StoreFullException.class,
                () -> st.set("big", new byte[SlabPages.PAGE - Chunk.HEADER - 2], 0, 0));
        assertTrue(e.getMessage().contains("larger than a slab page"), e.getMessage());
        assertNotNull(st.get("mb"), "a refused item changes nothing");
    }

    /** Many keys into few tables: removals shift entries back, and every key stays findable. */
    @Test
    void removalsInTheIndexKeepEveryOtherKeyFindable() {
        SlabStore st = new SlabStore(64L << 20);
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            st.set("key" + i, new byte[] { (byte) i }, i, 0);
        }
        for (int i = 0; i < n; i += 3) {
            assertTrue(st.delete("key" + i));
        }
        for (int i = 0; i < n; i++) {
            StoreEntry e = st.get("key" + i);
            if (i % 3 == 0) {
                assertNull(e, "key" + i);
            } else {
                assertNotNull(e, "key" + i);
                assertEquals(i, e.flags());
            }
        }
        assertEquals(n - (n + 2) / 3, st.size());
        assertTrue(st.heldBytes() <= 64L << 20);
    }

    @Test
    void aStoreSmallerThanAPageIsRefusedSayingWhatItNeeds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SlabStore(1L << 20));
        assertTrue(e.getMessage().contains("page"), e.getMessage());
    }
}
