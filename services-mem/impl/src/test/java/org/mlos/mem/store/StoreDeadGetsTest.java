package org.mlos.mem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreStats;

/**
 * memcached's get_expired and get_flushed (memory API 1.6): every store counts a get, a read and a
 * touchAndGet that met its item expired, or hidden by a delayed flush, and nothing else (not a
 * hit, not a key never stored, not a touch of a dead item).
 */
class StoreDeadGetsTest {

    private static final byte[] V = "v".getBytes(StandardCharsets.US_ASCII);

    static java.util.stream.Stream<String> stores() {
        return Stores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void getsMeetingExpiredOrFlushedItemsAreCountedApart(String name) throws Exception {
        AbstractStore st = Stores.create(name, 8L << 20);
        long soon = System.currentTimeMillis() + 100;
        for (String k : new String[] { "e1", "e2", "e3" }) {
            st.set(k, V, 0, soon);
        }
        st.set("live", V, 0, KeyValueStore.NEVER);
        StoreStats before = st.stats();
        assertTrue(before.countsDeadGets(), name);
        assertEquals(0, before.getExpired());
        while (System.currentTimeMillis() <= soon + 5) {
            Thread.sleep(20); // the items' expiry passes: bounded by the clock, not a count in a window
        }
        assertNull(st.get("e1"));
        assertFalse(st.read("e2", (value, offset, length, flags, cas) -> { }));
        assertNull(st.touchAndGet("e3", KeyValueStore.NEVER));
        assertTrue(st.read("live", (value, offset, length, flags, cas) -> { }));
        assertNull(st.get("never-stored"));
        st.touch("e1", KeyValueStore.NEVER);
        StoreStats expired = st.stats();
        assertEquals(3, expired.getExpired(), name + ": get, read, touchAndGet");
        assertEquals(0, expired.getFlushed(), name);
        st.set("f1", V, 0, KeyValueStore.NEVER);
        st.set("f2", V, 0, KeyValueStore.NEVER);
        // a delayed flush: items stay until they are met (a flush for now discards them at once,
        // so later gets meet nothing, as after a delete)
        long flushAt = System.currentTimeMillis() + 50;
        st.flushAll(flushAt);
        while (System.currentTimeMillis() <= flushAt + 5) {
            Thread.sleep(10);
        }
        assertNull(st.get("f1"));
        assertFalse(st.read("f2", (value, offset, length, flags, cas) -> { }));
        StoreStats flushed = st.stats();
        assertEquals(2, flushed.getFlushed(), name + ": get and read of flushed items");
        assertEquals(3, flushed.getExpired(), name + ": a flushed item is counted as flushed, not expired");
        assertEquals(before.getHits() + 1, flushed.getHits(), name);
    }
}
