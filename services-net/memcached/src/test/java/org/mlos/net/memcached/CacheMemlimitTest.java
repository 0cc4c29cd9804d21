package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.AbstractStore;
import org.mlos.mem.store.Capacity;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.log.LogStore;
import org.mlos.mem.store.slab.SlabStore;
import org.mlos.net.memcached.server.StandardDialects;

/**
 * {@code cache_memlimit <mb> [noreply]} resizing the store live: memcached 1.6's replies byte for
 * byte (side by side with a real memcached), shrinking evicts down to the new limit while the
 * items not evicted stay, {@code stats}' {@code limit_maxbytes} and {@code stats settings}'
 * {@code maxbytes} report it, and it survives live swaps slab → heap → slab.
 */
@Timeout(120)
class CacheMemlimitTest {

    private static final long MB = 1 << 20;

    /**
     * What memcached 1.6.18 answers, and parses ({@code safe_strtoul} into 32 bits): signs,
     * leading zeros, values cut to 32 bits, a third word that is not noreply, noreply on errors.
     */
    static final String REQUESTS = "cache_memlimit 32\r\n"
            + "cache_memlimit 7\r\ncache_memlimit 0\r\ncache_memlimit -0\r\ncache_memlimit -1\r\n"
            + "cache_memlimit 1000000001\r\ncache_memlimit 4294967296\r\ncache_memlimit 4294967312\r\n"
            + "cache_memlimit 18446744073709551615\r\ncache_memlimit 18446744073709551616\r\n"
            + "cache_memlimit 8 9\r\ncache_memlimit 8 noreply\r\ncache_memlimit 7 noreply\r\n"
            + "cache_memlimit x noreply\r\ncache_memlimit 2000000000 noreply\r\n"
            + "cache_memlimit\r\ncache_memlimit 8 noreply x\r\ncache_memlimit 08\r\ncache_memlimit +9\r\n"
            + "cache_memlimit 0x10\r\ncache_memlimit 12abc\r\ncache_memlimit 24\r\n";

    @AfterEach
    void forgetTheNodesBudget() {
        Capacity.storeResized(0);
    }

    private static String exchange(TextClient c, String requests) throws IOException {
        c.send(requests + "version\r\n");
        StringBuilder got = new StringBuilder();
        for (String line = c.line(); !line.startsWith("VERSION "); line = c.line()) {
            got.append(line).append("\r\n");
        }
        return got.toString();
    }

    /** The {@code STAT name value} lines of a stats reply, by name. */
    private static Map<String, String> stats(TextClient c, String command) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : c.send(command + "\r\n").untilEnd()) {
            String[] w = line.split(" ", 3);
            out.put(w[1], w.length > 2 ? w[2] : "");
        }
        return out;
    }

    @Test
    void repliesAsRealMemcachedDoesByteForByte() throws Exception {
        try (RealMemcached real = RealMemcached.start(List.of("-m", "64"));
                CacheServer ours = new CacheServer();
                TextClient theirs = new TextClient(real.port());
                TextClient mine = new TextClient(ours.port())) {
            String expected = exchange(theirs, REQUESTS);
            assertEquals(expected, exchange(mine, REQUESTS));
            assertTrue(expected.startsWith("OK\r\nMEMLIMIT_TOO_SMALL"), "memcached answered as expected: " + expected);
            for (String stat : List.of("limit_maxbytes")) {
                assertEquals(stats(theirs, "stats").get(stat), stats(mine, "stats").get(stat), stat);
            }
            assertEquals(stats(theirs, "stats settings").get("maxbytes"), stats(mine, "stats settings").get("maxbytes"));
            assertEquals(String.valueOf(24 * MB), stats(mine, "stats").get("limit_maxbytes"));
        }
    }

    @Test
    void shrinkingEvictsDownToTheLimitAndKeepsTheRestInEveryStore() throws Exception {
        try (CacheServer server = new CacheServer(); TextClient c = new TextClient(server.port())) {
            for (String impl : List.of("heap", "slab", "log")) {
                if (!impl.equals("heap")) {
                    assertEquals(SwapOutcome.COMPLETED, server.kernel.swap(KeyValueStore.class.getName(), impl).outcome());
                }
                assertEquals("OK\r\n", exchange(c, "cache_memlimit 32\r\n"), impl);
                String value = "v".repeat(1000);
                StringBuilder sets = new StringBuilder();
                for (int i = 0; i < 24_000; i++) { // ~28 MB of items
                    sets.append("set ").append(impl).append(i).append(" 0 0 1000 noreply\r\n").append(value).append("\r\n");
                }
                exchange(c, sets.toString());
                long evictionsBefore = Long.parseLong(stats(c, "stats").get("evictions"));
                long itemsBefore = Long.parseLong(stats(c, "stats").get("curr_items"));
                assertEquals("OK\r\n", exchange(c, "cache_memlimit 8\r\n"), impl);
                Map<String, String> after = stats(c, "stats");
                assertEquals(String.valueOf(8 * MB), after.get("limit_maxbytes"), impl);
                assertEquals(String.valueOf(8 * MB), stats(c, "stats settings").get("maxbytes"), impl);
                assertTrue(Long.parseLong(after.get("bytes")) <= 8 * MB, impl + " bytes " + after.get("bytes"));
                long evicted = Long.parseLong(after.get("evictions")) - evictionsBefore;
                assertTrue(evicted > 0, impl + ": shrinking evicted");
                assertEquals(itemsBefore - evicted, Long.parseLong(after.get("curr_items")),
                        impl + ": every item not evicted stays");
                assertEquals(List.of("VALUE " + impl + "23999 0 1000", value),
                        c.send("get " + impl + "23999\r\n").untilEnd(), impl + ": the newest item stays");
                assertEquals("OK\r\n", exchange(c, "cache_memlimit 64\r\n"), impl);
            }
        }
    }

    /** The regression this pins: after {@code cache_memlimit 32}, a swap brought the configured 64 MB back. */
    @Test
    void theLimitSurvivesLiveSwapsSlabHeapSlab() throws Exception {
        try (CacheServer server = new CacheServer(Limits.DEFAULT_ITEM_MAX, new StandardDialects(),
                CacheMemlimitTest::nodeStore); TextClient c = new TextClient(server.port())) {
            assertEquals(SwapOutcome.COMPLETED, server.kernel.swap(KeyValueStore.class.getName(), "slab").outcome());
            assertEquals("STORED\r\nOK\r\n", exchange(c, "set kept 0 0 5\r\nhello\r\ncache_memlimit 32\r\n"));
            for (String impl : List.of("heap", "slab")) {
                assertEquals(SwapOutcome.COMPLETED, server.kernel.swap(KeyValueStore.class.getName(), impl).outcome());
                assertEquals(String.valueOf(32 * MB), stats(c, "stats").get("limit_maxbytes"), "after the swap to " + impl);
                assertEquals(String.valueOf(32 * MB), stats(c, "stats settings").get("maxbytes"), "after the swap to " + impl);
                assertEquals(List.of("VALUE kept 0 5", "hello"), c.send("get kept\r\n").untilEnd());
            }
        }
    }

    /**
     * The regression this pins: {@code cache_memlimit} resized the store on the connection's
     * event thread, and on a full node (11 M items evicted, 6 s) every other connection of that
     * thread waited as long. Now the resize runs elsewhere: while it is held, the other
     * connections are served, and its own connection's next request is answered after its OK.
     */
    @Test
    void aResizeInProgressHoldsUpNoOtherConnectionAndItsOwnRepliesKeepTheirOrder() throws Exception {
        java.util.concurrent.CountDownLatch resizing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.function.Function<String, KeyValueStore> stores = name -> name.equals("heap")
                ? heldResize(new HeapStore(CacheServer.CAPACITY), resizing, release)
                : name.equals("slab") ? new SlabStore(CacheServer.CAPACITY) : new LogStore(CacheServer.CAPACITY);
        try (CacheServer server = new CacheServer(Limits.DEFAULT_ITEM_MAX, new StandardDialects(), stores);
                TextClient resizer = new TextClient(server.port())) {
            assertEquals("STORED", resizer.call("set mine 0 0 2\r\nme"));
            resizer.send("cache_memlimit 32\r\nget mine\r\n");
            assertTrue(resizing.await(30, java.util.concurrent.TimeUnit.SECONDS), "the resize started");
            // Two event loops: of eight connections, some share the resizer's (all do if Vert.x
            // puts a server's connections on one). Each waits at most its 5 s read timeout.
            for (int i = 0; i < 8; i++) {
                try (TextClient other = new TextClient(server.port())) {
                    assertEquals("STORED", other.call("set k" + i + " 0 0 1\r\nx"), "connection " + i);
                    assertEquals(List.of("VALUE k" + i + " 0 1", "x"), other.send("get k" + i + "\r\n").untilEnd());
                }
            }
            release.countDown();
            assertEquals("OK", resizer.line());
            assertEquals(List.of("VALUE mine 0 2", "me"), resizer.untilEnd(), "the request after it, answered after it");
            assertEquals(String.valueOf(32 * MB), stats(resizer, "stats").get("limit_maxbytes"));
        } finally {
            release.countDown();
        }
    }

    /** {@code store} whose resize tells {@code resizing} and waits for {@code release} first. */
    private static KeyValueStore heldResize(KeyValueStore store, java.util.concurrent.CountDownLatch resizing,
            java.util.concurrent.CountDownLatch release) {
        return (KeyValueStore) java.lang.reflect.Proxy.newProxyInstance(CacheMemlimitTest.class.getClassLoader(),
                new Class<?>[] { KeyValueStore.class }, (proxy, m, args) -> {
                    if (m.getName().equals("resize")) {
                        resizing.countDown();
                        release.await();
                    }
                    try {
                        return m.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A store as a node's DS creates it (configuration default: 64 MB), so that it follows the node's budget. */
    private static KeyValueStore nodeStore(String name) {
        AbstractStore store = switch (name) {
            case "heap" -> new HeapStore();
            case "slab" -> new SlabStore();
            default -> new LogStore();
        };
        try {
            java.lang.reflect.Method activate = java.util.Arrays.stream(store.getClass().getDeclaredMethods())
                    .filter(m -> m.getName().equals("activate")).findFirst().orElseThrow();
            Class<?> configType = activate.getParameterTypes()[1];
            Object config = java.lang.reflect.Proxy.newProxyInstance(configType.getClassLoader(),
                    new Class<?>[] { configType }, (proxy, method, args) -> method.getName().equals("capacity_mb")
                            ? (Object) (long) (CacheServer.CAPACITY >> 20) : method.getDefaultValue());
            activate.setAccessible(true);
            activate.invoke(store, null, config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        assertNotNull(store.capacityBytes());
        return store;
    }
}
