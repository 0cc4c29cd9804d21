package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.log.LogStore;
import org.mlos.mem.store.slab.SlabStore;
import org.mlos.net.memcached.Operations.Mode;
import org.mlos.net.memcached.Operations.Result;

/**
 * Commands given a CAS (binary delete, append, prepend, incr, decr) change the item only if its
 * CAS still matches when the store writes, not merely when the command looked: a write landing
 * between the look and the write makes them EXISTS and survives.
 */
class CasAtomicityTest {

    private KeyValueStore store;
    private Operations ops;
    private long cas;

    /** The store as the server sees it, with another client's set landing just before the server's first write. */
    private void start(String kind) {
        store = switch (kind) {
            case "heap" -> new HeapStore(16 << 20);
            case "slab" -> new SlabStore(16 << 20);
            default -> new LogStore(16 << 20);
        };
        cas = store.set("k", bytes("10"), 0, KeyValueStore.NEVER);
        boolean[] raced = { false };
        KeyValueStore racing = (KeyValueStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { KeyValueStore.class }, (proxy, method, args) -> {
                    if (!raced[0] && !method.getName().equals("get")) {
                        raced[0] = true;
                        store.set("k", bytes("99"), 0, KeyValueStore.NEVER);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ops = new Operations(racing, new Limits(Limits.DEFAULT_ITEM_MAX), new ServerStats(), "test");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private String value() {
        return new String(store.get("k").value(), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = { "heap", "slab", "log" })
    void deleteWithACasDoesNotDeleteAnItemStoredSince(String kind) {
        start(kind);
        assertEquals(Result.EXISTS, ops.delete("k", cas));
        assertEquals("99", value());
    }

    @ParameterizedTest
    @ValueSource(strings = { "heap", "slab", "log" })
    void appendWithACasDoesNotAppendToAnItemStoredSince(String kind) {
        start(kind);
        assertEquals(Result.EXISTS, ops.store(Mode.APPEND, "k", bytes("0"), 0, 0, cas).result());
        assertEquals("99", value());
    }

    @ParameterizedTest
    @ValueSource(strings = { "heap", "slab", "log" })
    void prependWithACasDoesNotPrependToAnItemStoredSince(String kind) {
        start(kind);
        assertEquals(Result.EXISTS, ops.store(Mode.PREPEND, "k", bytes("0"), 0, 0, cas).result());
        assertEquals("99", value());
    }

    @ParameterizedTest
    @ValueSource(strings = { "heap", "slab", "log" })
    void incrWithACasDoesNotOverwriteAnItemStoredSince(String kind) {
        start(kind);
        assertEquals(Result.EXISTS, ops.arithmetic("k", 1, true, cas, false).result());
        assertEquals("99", value());
    }

    @ParameterizedTest
    @ValueSource(strings = { "heap", "slab", "log" })
    void withoutARaceTheyApply(String kind) {
        start(kind);
        Operations plain = new Operations(store, new Limits(Limits.DEFAULT_ITEM_MAX), new ServerStats(), "test");
        long now = store.set("k", bytes("10"), 0, KeyValueStore.NEVER);
        Operations.Outcome appended = plain.store(Mode.APPEND, "k", bytes("0"), 0, 0, now);
        assertEquals(Result.STORED, appended.result());
        assertEquals("100", value());
        Operations.Delta up = plain.arithmetic("k", 1, true, appended.cas(), false);
        assertEquals(101, up.counter().value());
        assertEquals(Result.STORED, plain.delete("k", up.counter().cas()));
        assertNull(store.get("k"));
        assertNotEquals(0, store.add("k", bytes("new"), 0, KeyValueStore.NEVER), "the key is free again");
    }
}
