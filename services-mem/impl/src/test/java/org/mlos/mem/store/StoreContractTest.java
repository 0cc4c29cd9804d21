package org.mlos.mem.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.Counter;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;
import org.mlos.mem.api.StoreStats;

/** memcached's semantics, the same for every store. */
class StoreContractTest {

    static java.util.stream.Stream<String> stores() {
        return Stores.names();
    }

    private static KeyValueStore store(String name) {
        return Stores.create(name, 16L << 20);
    }

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String s(StoreEntry e) {
        return new String(e.value(), US_ASCII);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void setGetDeleteAndFlags(String name) {
        KeyValueStore st = store(name);
        assertNull(st.get("k"));
        long cas = st.set("k", b("value"), 42, KeyValueStore.NEVER);
        StoreEntry e = st.get("k");
        assertEquals("value", s(e));
        assertEquals(42, e.flags());
        assertEquals(cas, e.cas());
        assertTrue(st.delete("k"));
        assertFalse(st.delete("k"));
        assertNull(st.get("k"));
        StoreStats stats = st.stats();
        assertEquals(1, stats.getHits());
        assertEquals(2, stats.getMisses());
        assertEquals(1, stats.deleteHits());
        assertEquals(1, stats.deleteMisses());
    }

    /** Key dumps (lru_crawler metadump, stats cachedump) listed nothing on a node: the kind could not list its items. */
    @ParameterizedTest
    @MethodSource("stores")
    void keyDumpsListEveryLiveItemWithAValueOfItsOwn(String name) {
        KeyValueStore st = store(name);
        for (int i = 0; i < 100; i++) {
            st.set("item" + i, ("v" + i).getBytes(US_ASCII), i, 0);
        }
        st.set("gone", "x".getBytes(US_ASCII), 0, 1); // expired long ago
        st.delete("item7");
        java.util.Map<String, StoreEntry> listed = new java.util.HashMap<>();
        assertTrue(st.forEachItem(e -> assertNull(listed.put(e.key(), e), "listed twice: " + e.key())));
        assertEquals(99, listed.size());
        assertFalse(listed.containsKey("gone"));
        assertFalse(listed.containsKey("item7"));
        StoreEntry e = listed.get("item42");
        assertArrayEquals("v42".getBytes(US_ASCII), e.value());
        assertEquals(42, e.flags());
        e.value()[0] = 'X'; // the caller's copy: the store's item is untouched
        assertArrayEquals("v42".getBytes(US_ASCII), st.get("item42").value());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void valuesAreCopiedInAndOut(String name) {
        KeyValueStore st = store(name);
        byte[] v = b("abc");
        st.set("k", v, 0, 0);
        v[0] = 'X';
        StoreEntry e = st.get("k");
        e.value()[1] = 'Y';
        assertEquals("abc", s(st.get("k")));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void readHandsOverTheValueFlagsAndCasOfALiveItemOnlyAndCountsAsAGet(String name) {
        KeyValueStore st = store(name);
        long cas = st.set("k", b("hello"), 42, 0);
        st.set("gone", b("x"), 0, 1); // expired long ago
        String[] seen = new String[1];
        long[] meta = new long[2];
        assertTrue(st.read("k", (bytes, off, len, flags, c) -> {
            seen[0] = new String(bytes, off, len, US_ASCII);
            meta[0] = flags;
            meta[1] = c;
        }));
        assertEquals("hello", seen[0]);
        assertEquals(42, meta[0]);
        assertEquals(cas, meta[1]);
        assertFalse(st.read("missing", (bytes, off, len, flags, c) -> { throw new AssertionError("called on a miss"); }));
        assertFalse(st.read("gone", (bytes, off, len, flags, c) -> { throw new AssertionError("called for an expired item"); }));
        StoreStats stats = st.stats();
        assertEquals(1, stats.getHits());
        assertEquals(2, stats.getMisses());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void addAndReplaceAreConditional(String name) {
        KeyValueStore st = store(name);
        assertEquals(0, st.replace("k", b("x"), 0, 0));
        assertNotEquals(0, st.add("k", b("one"), 0, 0));
        assertEquals(0, st.add("k", b("two"), 0, 0));
        assertEquals("one", s(st.get("k")));
        assertNotEquals(0, st.replace("k", b("three"), 0, 0));
        assertEquals("three", s(st.get("k")));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void casUniquesChangeWithEveryStoreAndGateCompareAndSet(String name) {
        KeyValueStore st = store(name);
        assertEquals(CasResult.Status.NOT_FOUND, st.compareAndSet("k", b("x"), 0, 0, 1).status());
        long c1 = st.set("k", b("a"), 0, 0);
        long c2 = st.set("k", b("b"), 0, 0);
        assertNotEquals(c1, c2);
        assertEquals(CasResult.Status.EXISTS, st.compareAndSet("k", b("x"), 0, 0, c1).status());
        CasResult ok = st.compareAndSet("k", b("c"), 7, 0, c2);
        assertEquals(CasResult.Status.STORED, ok.status());
        assertEquals(ok.cas(), st.get("k").cas());
        assertEquals("c", s(st.get("k")));
        assertEquals(7, st.get("k").flags());
        StoreStats stats = st.stats();
        assertEquals(1, stats.casHits());
        assertEquals(1, stats.casMisses());
        assertEquals(1, stats.casBadValue());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void appendAndPrependKeepFlagsAndExpiry(String name) {
        KeyValueStore st = store(name);
        assertEquals(0, st.append("k", b("x")));
        st.set("k", b("mid"), 9, KeyValueStore.NEVER);
        assertNotEquals(0, st.append("k", b("-end")));
        assertNotEquals(0, st.prepend("k", b("start-")));
        StoreEntry e = st.get("k");
        assertEquals("start-mid-end", s(e));
        assertEquals(9, e.flags());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void incrementAndDecrementFollowMemcached(String name) {
        KeyValueStore st = store(name);
        assertNull(st.increment("n", 1));
        st.set("n", b("10"), 0, 0);
        Counter c = st.increment("n", 5);
        assertEquals(15, c.value());
        assertEquals("15", s(st.get("n")));
        assertEquals(c.cas(), st.get("n").cas());
        assertEquals(0, st.decrement("n", 100).value(), "decrement stops at zero");
        st.set("big", b("18446744073709551615"), 0, 0);
        assertEquals("0", st.increment("big", 1).text(), "increment wraps at 2^64");
        st.set("text", b("abc"), 0, 0);
        assertThrows(IllegalArgumentException.class, () -> st.increment("text", 1));
        st.set("neg", b("-5"), 0, 0);
        assertThrows(IllegalArgumentException.class, () -> st.decrement("neg", 1));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void itemsExpire(String name) throws InterruptedException {
        KeyValueStore st = store(name);
        long now = System.currentTimeMillis();
        st.set("short", b("x"), 0, now + 150);
        st.set("past", b("x"), 0, now - 1);
        st.set("long", b("x"), 0, now + 60_000);
        assertNull(st.get("past"));
        assertNotNull(st.get("short"));
        Thread.sleep(250);
        assertNull(st.get("short"));
        assertNotNull(st.get("long"));
        assertFalse(st.touch("short", now + 60_000), "an expired item cannot be touched back");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void touchAndGatMoveTheExpiry(String name) throws InterruptedException {
        KeyValueStore st = store(name);
        long now = System.currentTimeMillis();
        st.set("a", b("1"), 0, now + 150);
        st.set("b", b("2"), 0, now + 150);
        assertTrue(st.touch("a", now + 60_000));
        StoreEntry gat = st.touchAndGet("b", now + 60_000);
        assertEquals("2", s(gat));
        assertEquals(now + 60_000, gat.expiresAt());
        Thread.sleep(250);
        assertNotNull(st.get("a"));
        assertNotNull(st.get("b"));
        assertNull(st.touchAndGet("missing", 0));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void flushAllNowAndLater(String name) throws InterruptedException {
        KeyValueStore st = store(name);
        st.set("a", b("1"), 0, 0);
        st.flushAll(0);
        assertNull(st.get("a"));
        st.set("b", b("2"), 0, 0);
        st.flushAll(System.currentTimeMillis() + 200);
        assertNotNull(st.get("b"), "a delayed flush leaves items until its time");
        Thread.sleep(300);
        assertNull(st.get("b"));
        st.set("c", b("3"), 0, 0);
        assertNotNull(st.get("c"), "items stored after the flush time stay");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void itemsLargerThanTheStoreCanHoldAreRefused(String name) {
        KeyValueStore st = Stores.create(name, 4L << 20);
        assertThrows(StoreFullException.class, () -> st.set("huge", new byte[5 << 20], 0, 0));
        st.set("megabyte", new byte[1 << 20], 0, 0);
        assertEquals(1 << 20, st.get("megabyte").value().length);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void binaryValuesAndKeysRoundTrip(String name) {
        KeyValueStore st = store(name);
        byte[] v = new byte[300];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) i;
        }
        String key = new String(new byte[] { 0, (byte) 0xff, 10, 13, 32 }, java.nio.charset.StandardCharsets.ISO_8859_1);
        st.set(key, v, 0, 0);
        assertArrayEquals(v, st.get(key).value());
        st.set("empty", new byte[0], 0, 0);
        assertEquals(0, st.get("empty").value().length);
    }
}
