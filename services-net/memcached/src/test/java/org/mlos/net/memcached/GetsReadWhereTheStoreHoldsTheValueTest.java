package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.log.LogStore;
import org.mlos.mem.store.slab.SlabStore;
import org.mlos.net.memcached.server.StandardDialects;

/**
 * Gets used to ask the store for an entry with a copy of the value made for the server, then copy
 * it again into the reply: a copy and an entry per hit. Text get/gets, binary GET/GETQ/GETK/GETKQ
 * and meta {@code mg} (with flags a read answers) now go through {@link KeyValueStore#read}, the
 * value written into the reply where the store holds it. Pinned: no get reaches
 * {@link KeyValueStore#get}, every one reaches {@code read}, replies are byte for byte what they
 * were, and {@code get_hits}, {@code get_misses}, {@code cmd_get} and the per-prefix counts stay exact.
 */
@Timeout(60)
class GetsReadWhereTheStoreHoldsTheValueTest {

    /** Calls each store method received, by name. */
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    private KeyValueStore counted(KeyValueStore store) {
        return (KeyValueStore) Proxy.newProxyInstance(KeyValueStore.class.getClassLoader(),
                new Class<?>[] { KeyValueStore.class }, (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), n -> new AtomicLong()).incrementAndGet();
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private long calls(String method) {
        AtomicLong n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    private CacheServer server(String serving) throws Exception {
        return new CacheServer(Limits.DEFAULT_ITEM_MAX, new StandardDialects(), name -> counted(switch (name) {
            // the store serving first is the one installed as "heap"
            case "heap" -> "slab".equals(serving) ? new SlabStore(CacheServer.CAPACITY) : new HeapStore(CacheServer.CAPACITY);
            case "slab" -> new SlabStore(CacheServer.CAPACITY);
            default -> new LogStore(CacheServer.CAPACITY);
        }));
    }

    @Test
    void everyKindOfGetReadsWithoutACopyAndCountsExactly() throws Exception {
        try (CacheServer server = server("heap"); TextClient text = new TextClient(server.port());
                BinaryClient binary = new BinaryClient(server.port())) {
            assertEquals("OK", text.call("stats detail on"));
            assertEquals("STORED", text.send("set p:a 7 0 3\r\nabc\r\n").line());
            assertEquals("STORED", text.send("set p:b 4294967295 0 0\r\n\r\n").line());
            calls.clear();

            assertEquals(List.of("VALUE p:a 7 3", "abc"), text.send("get p:a\r\n").untilEnd());
            assertEquals(List.of(), text.send("get p:none\r\n").untilEnd());
            assertEquals(List.of("VALUE p:a 7 3", "abc", "VALUE p:b 4294967295 0", ""),
                    text.send("get p:a p:none p:b\r\n").untilEnd());
            List<String> gets = text.send("gets p:a\r\n").untilEnd();
            assertEquals(2, gets.size());
            assertEquals("VALUE p:a 7 3 ", gets.get(0).substring(0, "VALUE p:a 7 3 ".length()));
            long cas = Long.parseLong(gets.get(0).substring("VALUE p:a 7 3 ".length()));

            BinaryClient.Response r = binary.call(BinaryClient.GET, 0, new byte[0], "p:a", "");
            assertEquals(0, r.status());
            assertEquals("abc", r.valueText());
            assertEquals(7, r.flags());
            assertEquals(cas, r.cas());
            assertEquals(0, r.key().length);
            r = binary.call(BinaryClient.GETK, 0, new byte[0], "p:a", "");
            assertArrayEquals("p:a".getBytes(StandardCharsets.ISO_8859_1), r.key());
            assertEquals("abc", r.valueText());
            assertEquals(1, binary.call(BinaryClient.GET, 0, new byte[0], "p:none", "").status());
            // quiet gets: a miss answers nothing, a hit answers; the NOOP ends the batch
            binary.send(BinaryClient.request(BinaryClient.GETQ, 0, 1, 0, new byte[0], "p:none", new byte[0]));
            binary.send(BinaryClient.request(BinaryClient.GETKQ, 0, 2, 0, new byte[0], "p:b", new byte[0]));
            binary.send(BinaryClient.request(BinaryClient.NOOP, 0, 3, 0, new byte[0], "", new byte[0]));
            r = binary.read();
            assertEquals(2, r.opaque());
            assertArrayEquals("p:b".getBytes(StandardCharsets.ISO_8859_1), r.key());
            assertEquals(0, r.value().length);
            assertEquals(-1, r.flags());
            assertEquals(3, binary.read().opaque());

            assertEquals("VA 3 f7 s3 c" + cas + " kp:a Oxy", text.call("mg p:a v f s c k Oxy"));
            assertEquals("abc", text.line());
            assertEquals("EN", text.call("mg p:none v"));

            assertEquals(0, calls("get"), "no get asks the store for a copy");
            // text: 1 + 1 + 3 + 1; binary: 3 + 2; meta: 2
            assertEquals(13, calls("read"));

            Map<String, String> stats = stats(text);
            assertEquals("13", stats.get("cmd_get"));
            assertEquals("8", stats.get("get_hits"));
            assertEquals("5", stats.get("get_misses"));
            // mg is not counted per prefix, as memcached 1.6.18 counts it
            assertEquals(List.of("PREFIX p get 11 hit 7 set 2 del 0"), text.send("stats detail dump\r\n").untilEnd());
        }
    }

    @Test
    void anOffHeapStoreHandsItsValueOverTheSameWay() throws Exception {
        try (CacheServer server = server("slab"); TextClient text = new TextClient(server.port())) {
            byte[] value = new byte[5000];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) ('a' + i % 26);
            }
            String v = new String(value, StandardCharsets.ISO_8859_1);
            assertEquals("STORED", text.send("set big 1 0 5000\r\n" + v + "\r\n").line());
            calls.clear();
            for (int i = 0; i < 100; i++) {
                assertEquals(List.of("VALUE big 1 5000", v), text.send("get big\r\n").untilEnd());
            }
            assertEquals(0, calls("get"));
            assertEquals(100, calls("read"));
        }
    }

    private static Map<String, String> stats(TextClient text) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (String line : text.send("stats\r\n").untilEnd()) {
            String[] w = line.split(" ");
            out.put(w[1], w[2]);
        }
        return out;
    }
}
